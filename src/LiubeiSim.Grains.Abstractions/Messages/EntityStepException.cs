namespace LiubeiSim.Grains.Messages;

/// <summary>A step function threw inside an entity grain: names the entity and the month so the run's failure says where.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Messages.EntityStepException")]
public sealed class EntityStepException : Exception
{
    public EntityStepException()
    {
        Entity = string.Empty;
        Month = string.Empty;
    }

    public EntityStepException(string message)
        : base(message)
    {
        Entity = string.Empty;
        Month = string.Empty;
    }

    public EntityStepException(string message, Exception inner)
        : base(message, inner)
    {
        Entity = string.Empty;
        Month = string.Empty;
    }

    /// <summary>
    /// The message names the entity, the month and the reason in the model's words, and is shown to whoever asked for the
    /// run (API clients included); the exception itself, with its stack, goes to the silo's log only.
    /// </summary>
    public EntityStepException(string entity, string month, Exception inner)
        : base($"{Name(entity)} failed in {month}: {ReasonOf(inner)}", inner)
    {
        Entity = entity;
        Month = month;
    }

    /// <summary>The entity id (a chain, project, pipeline, town or the district).</summary>
    [Id(0)]
    public string Entity { get; private set; }

    /// <summary>The simulated month, <c>YYYY-MM</c>.</summary>
    [Id(1)]
    public string Month { get; private set; }

    /// <summary>Longest reason shown: a model message is a sentence, and anything longer is not one.</summary>
    public const int MaxReason = 300;

    /// <summary>The entity as the district knows it: <c>the chain auto_parts_machinery</c>, <c>the town shibeiping</c>.</summary>
    public static string Name(string entity) =>
        entity == Model.District.DistrictIds.District ? $"the district ({entity})"
        : Model.District.DistrictIds.IndexOf(Model.District.DistrictIds.Chains, entity) >= 0 ? $"the chain {entity}"
        : Model.District.DistrictIds.IndexOf(Model.District.DistrictIds.Towns, entity) >= 0 ? $"the town {entity}"
        : Model.District.DistrictIds.IndexOf(Model.District.DistrictIds.Projects, entity) >= 0 ? $"the project {entity}"
        : entity.StartsWith("pipeline/", StringComparison.Ordinal) ? $"the project pipeline {entity}"
        : entity.StartsWith("firm/", StringComparison.Ordinal) ? $"the synthetic firm {entity}"
        : entity;

    /// <summary>
    /// Why, in the model's words: the message of an exception the model throws on purpose (an input or a state it cannot
    /// work with), first line only; for anything else (a fault of the code, the runtime or the cluster) only that it was
    /// an internal error, since such messages name types, grain keys and addresses rather than the district.
    /// </summary>
    public static string ReasonOf(Exception inner)
    {
        if (inner is InvalidOperationException or ArgumentException or ArithmeticException or KeyNotFoundException or InvalidDataException or Model.InputOutput.IoTableException
            && inner.Message.Split('\n', 2)[0].Trim() is { Length: > 0 } line)
        {
            return line.Length <= MaxReason ? line : line[..MaxReason] + "...";
        }

        return "an internal error of the model";
    }
}
