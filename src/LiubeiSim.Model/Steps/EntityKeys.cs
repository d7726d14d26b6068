using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>Random-stream keys of every entity, computed once; the draw numbers each step uses are fixed constants.</summary>
public static class EntityKeys
{
    public static ulong District { get; } = EntityKey.Of(DistrictIds.District);

    public static IReadOnlyList<ulong> Chains { get; } = DistrictIds.Chains.Select(EntityKey.Of).ToArray();

    public static IReadOnlyList<ulong> Towns { get; } = DistrictIds.Towns.Select(EntityKey.Of).ToArray();

    public static IReadOnlyList<ulong> Projects { get; } = DistrictIds.Projects.Select(EntityKey.Of).ToArray();

    /// <summary>Pipelines are keyed <c>pipeline/&lt;chain&gt;</c> and <c>pipeline/services</c>.</summary>
    public static IReadOnlyList<string> PipelineIds { get; } = [.. DistrictIds.Chains.Select(c => $"pipeline/{c}"), "pipeline/services"];

    public static IReadOnlyList<ulong> Pipelines { get; } = PipelineIds.Select(EntityKey.Of).ToArray();

    static EntityKeys()
    {
        if (PipelineIds.Count != ModelParameters.Pipelines)
        {
            throw new InvalidOperationException("Pipeline ids and ModelParameters.Pipelines disagree.");
        }
    }
}
