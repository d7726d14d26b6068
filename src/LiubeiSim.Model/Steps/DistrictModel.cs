using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// The district as the engines see it: the entity kinds with their set-up, step and contribution slot, in the fixed
/// order the district reduces them, then the district's own reduce (<see cref="DistrictStep"/>). One month is: every
/// entity of every kind advances from last month's snapshot (none depends on another within the month), then the
/// district reduces their contributions in this order and writes the next snapshot.
/// </summary>
public static class DistrictModel
{
    public static EntityKindDefinition Chain { get; } = new("chain", 0, ChainChannels.Count, p => [.. p.Chains.Select(c => c.Id)], (p, i, b) => new ChainStep(p, p.Chains[i], b));

    /// <summary>Synthetic firms, a scenario option (none unless it asks for them).</summary>
    public static EntityKindDefinition Firm { get; } = new("firm", 1, FirmChannels.Count, p => p.Firms.Ids, (p, i, b) => new FirmStep(p, i, b));

    public static EntityKindDefinition Project { get; } = new("project", 2, ProjectChannels.Count, p => [.. p.Projects.Select(x => x.Id)], (p, i, b) => new ProjectStep(p, p.Projects[i], b));

    public static EntityKindDefinition Pipeline { get; } = new("pipeline", 3, ProjectChannels.Count, p => [.. p.Pipelines.Select(x => x.Id)], (p, i, b) => new PipelineStep(p, p.Pipelines[i], b));

    public static EntityKindDefinition Town { get; } = new("town", 4, TownChannels.Count, p => [.. p.Towns.Select(t => t.Id)], (p, i, b) => new TownStep(p, p.Towns[i], b));

    /// <summary>The kinds in reduce order; each one's <see cref="EntityKindDefinition.Slot"/> is its position here.</summary>
    public static IReadOnlyList<EntityKindDefinition> Kinds { get; } = [Chain, Firm, Project, Pipeline, Town];

    /// <summary>Empty contributions for every entity of a run over a block of <paramref name="count"/> replications.</summary>
    public static DistrictContributions NewContributions(ModelParameters p, int count) =>
        new([.. Kinds.Select(kind => (IReadOnlyList<EntityContribution>)[.. kind.Ids(p).Select(_ => new EntityContribution(kind.Channels, count))])]);

    /// <summary>Sets up every entity of a run over a block, in reduce order.</summary>
    public static IReadOnlyList<IReadOnlyList<EntityStep>> SetUp(ModelParameters p, ReplicationBlock block) =>
        [.. Kinds.Select(kind => (IReadOnlyList<EntityStep>)[.. Enumerable.Range(0, kind.Ids(p).Count).Select(i => kind.SetUp(p, i, block))])];
}
