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

    public EntityStepException(string entity, string month, Exception inner)
        : base($"{entity} failed in month {month}: {inner.GetType().Name}: {inner.Message}", inner)
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
}
