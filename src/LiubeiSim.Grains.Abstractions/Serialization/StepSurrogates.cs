using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Serialization;

// A shard's activations sit on one silo and pass these as Immutable<T>, so normally nothing is copied or
// serialized; the surrogates are there for the day an activation lands elsewhere (a silo leaving, a test cluster).

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.DistrictSnapshotSurrogate")]
public readonly record struct DistrictSnapshotSurrogate
{
    [Id(0)] public required int Count { get; init; }
    [Id(1)] public required int Chains { get; init; }
    [Id(2)] public required int Towns { get; init; }
    [Id(3)] public required double[] Output { get; init; }
    [Id(4)] public required double[] Capacity { get; init; }
    [Id(5)] public required double[] ProjectJobs { get; init; }
    [Id(6)] public required double[] ProjectTownJobs { get; init; }
    [Id(7)] public required double[] TownEmployment { get; init; }
    [Id(8)] public required double[] Employment { get; init; }
    [Id(9)] public required double[] Rnd { get; init; }
    [Id(10)] public required double[] FirmFactor { get; init; }
}

[RegisterConverter]
public sealed class DistrictSnapshotConverter : IConverter<DistrictSnapshot, DistrictSnapshotSurrogate>
{
    public DistrictSnapshot ConvertFromSurrogate(in DistrictSnapshotSurrogate surrogate)
    {
        var snapshot = new DistrictSnapshot(surrogate.Chains, surrogate.Towns, surrogate.Count, surrogate.FirmFactor.Length > 0);
        surrogate.Output.CopyTo(snapshot.Output, 0);
        surrogate.Capacity.CopyTo(snapshot.Capacity, 0);
        surrogate.ProjectJobs.CopyTo(snapshot.ProjectJobs, 0);
        surrogate.ProjectTownJobs.CopyTo(snapshot.ProjectTownJobs, 0);
        surrogate.TownEmployment.CopyTo(snapshot.TownEmployment, 0);
        surrogate.Employment.CopyTo(snapshot.Employment, 0);
        surrogate.Rnd.CopyTo(snapshot.Rnd, 0);
        surrogate.FirmFactor.CopyTo(snapshot.FirmFactor, 0);
        return snapshot;
    }

    public DistrictSnapshotSurrogate ConvertToSurrogate(in DistrictSnapshot value) => new()
    {
        Count = value.Count,
        Chains = value.Chains,
        Towns = value.Towns,
        Output = value.Output,
        Capacity = value.Capacity,
        ProjectJobs = value.ProjectJobs,
        ProjectTownJobs = value.ProjectTownJobs,
        TownEmployment = value.TownEmployment,
        Employment = value.Employment,
        Rnd = value.Rnd,
        FirmFactor = value.FirmFactor,
    };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.EntityContributionSurrogate")]
public readonly record struct EntityContributionSurrogate
{
    [Id(0)] public required int Channels { get; init; }
    [Id(1)] public required int Count { get; init; }
    [Id(2)] public required double[] Values { get; init; }
}

[RegisterConverter]
public sealed class EntityContributionConverter : IConverter<EntityContribution, EntityContributionSurrogate>
{
    public EntityContribution ConvertFromSurrogate(in EntityContributionSurrogate surrogate)
    {
        var contribution = new EntityContribution(surrogate.Channels, surrogate.Count);
        surrogate.Values.CopyTo(contribution.Values, 0);
        return contribution;
    }

    public EntityContributionSurrogate ConvertToSurrogate(in EntityContribution value) =>
        new() { Channels = value.Channels, Count = value.Count, Values = value.Values };
}

[GenerateSerializer]
[Alias("LiubeiSim.Grains.Serialization.DistrictContributionsSurrogate")]
public readonly record struct DistrictContributionsSurrogate
{
    /// <summary>By kind (in DistrictModel.Kinds order), each kind's entities in their fixed order.</summary>
    [Id(0)] public required EntityContribution[][] ByKind { get; init; }
}

[RegisterConverter]
public sealed class DistrictContributionsConverter : IConverter<DistrictContributions, DistrictContributionsSurrogate>
{
    public DistrictContributions ConvertFromSurrogate(in DistrictContributionsSurrogate surrogate) => new(surrogate.ByKind);

    public DistrictContributionsSurrogate ConvertToSurrogate(in DistrictContributions value) =>
        new() { ByKind = [.. value.ByKind.Select(kind => kind.ToArray())] };
}
