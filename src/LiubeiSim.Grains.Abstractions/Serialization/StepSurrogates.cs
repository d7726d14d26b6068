using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Serialization;

// A shard's activations sit on one silo and pass these as Immutable<T>, so normally nothing is copied or
// serialized; the surrogates are there for the day an activation lands elsewhere (a silo leaving, a test cluster).

[GenerateSerializer]
public readonly record struct DistrictSnapshotSurrogate
{
    [Id(0)] public required int Count { get; init; }
    [Id(1)] public required double[] Output { get; init; }
    [Id(2)] public required double[] Employment { get; init; }
    [Id(3)] public required double[] CapacityAdded { get; init; }
    [Id(4)] public required double[] TownJobsAdded { get; init; }
    [Id(5)] public double[]? FirmFactor { get; init; }
}

[RegisterConverter]
public sealed class DistrictSnapshotConverter : IConverter<DistrictSnapshot, DistrictSnapshotSurrogate>
{
    public DistrictSnapshot ConvertFromSurrogate(in DistrictSnapshotSurrogate surrogate)
    {
        var snapshot = new DistrictSnapshot(surrogate.Count);
        surrogate.Output.CopyTo(snapshot.Output, 0);
        surrogate.Employment.CopyTo(snapshot.Employment, 0);
        surrogate.CapacityAdded.CopyTo(snapshot.CapacityAdded, 0);
        surrogate.TownJobsAdded.CopyTo(snapshot.TownJobsAdded, 0);
        surrogate.FirmFactor?.CopyTo(snapshot.FirmFactor, 0);
        return snapshot;
    }

    public DistrictSnapshotSurrogate ConvertToSurrogate(in DistrictSnapshot value) => new()
    {
        Count = value.Count,
        Output = value.Output,
        Employment = value.Employment,
        CapacityAdded = value.CapacityAdded,
        TownJobsAdded = value.TownJobsAdded,
        FirmFactor = value.FirmFactor,
    };
}

[GenerateSerializer]
public readonly record struct ChainContributionSurrogate
{
    [Id(0)] public required double[] FinalDemand { get; init; }
    [Id(1)] public required double[] Employment { get; init; }
    [Id(2)] public required double[] Rnd { get; init; }
}

[RegisterConverter]
public sealed class ChainContributionConverter : IConverter<ChainContribution, ChainContributionSurrogate>
{
    public ChainContribution ConvertFromSurrogate(in ChainContributionSurrogate surrogate)
    {
        var contribution = new ChainContribution(surrogate.FinalDemand.Length);
        surrogate.FinalDemand.CopyTo(contribution.FinalDemand, 0);
        surrogate.Employment.CopyTo(contribution.Employment, 0);
        surrogate.Rnd.CopyTo(contribution.Rnd, 0);
        return contribution;
    }

    public ChainContributionSurrogate ConvertToSurrogate(in ChainContribution value) =>
        new() { FinalDemand = value.FinalDemand, Employment = value.Employment, Rnd = value.Rnd };
}

[GenerateSerializer]
public readonly record struct ProjectContributionSurrogate
{
    [Id(0)] public required double[] Investment { get; init; }
    [Id(1)] public required double[] Introduced { get; init; }
    [Id(2)] public required double[] IndustrialIntroduced { get; init; }
    [Id(3)] public required double[] Started { get; init; }
    [Id(4)] public required double[] Completed { get; init; }
    [Id(5)] public required double[] CapacityAdded { get; init; }
    [Id(6)] public required double[] JobsAdded { get; init; }
    [Id(7)] public required double[] CoverageGain { get; init; }
    [Id(8)] public required int Chain { get; init; }
    [Id(9)] public required int Town { get; init; }
}

[RegisterConverter]
public sealed class ProjectContributionConverter : IConverter<ProjectContribution, ProjectContributionSurrogate>
{
    public ProjectContribution ConvertFromSurrogate(in ProjectContributionSurrogate surrogate)
    {
        var contribution = new ProjectContribution(surrogate.Investment.Length) { Chain = surrogate.Chain, Town = surrogate.Town };
        surrogate.Investment.CopyTo(contribution.Investment, 0);
        surrogate.Introduced.CopyTo(contribution.Introduced, 0);
        surrogate.IndustrialIntroduced.CopyTo(contribution.IndustrialIntroduced, 0);
        surrogate.Started.CopyTo(contribution.Started, 0);
        surrogate.Completed.CopyTo(contribution.Completed, 0);
        surrogate.CapacityAdded.CopyTo(contribution.CapacityAdded, 0);
        surrogate.JobsAdded.CopyTo(contribution.JobsAdded, 0);
        surrogate.CoverageGain.CopyTo(contribution.CoverageGain, 0);
        return contribution;
    }

    public ProjectContributionSurrogate ConvertToSurrogate(in ProjectContribution value) => new()
    {
        Investment = value.Investment,
        Introduced = value.Introduced,
        IndustrialIntroduced = value.IndustrialIntroduced,
        Started = value.Started,
        Completed = value.Completed,
        CapacityAdded = value.CapacityAdded,
        JobsAdded = value.JobsAdded,
        CoverageGain = value.CoverageGain,
        Chain = value.Chain,
        Town = value.Town,
    };
}

[GenerateSerializer]
public readonly record struct TownContributionSurrogate
{
    [Id(0)] public required double[] Employment { get; init; }
    [Id(1)] public required double[] PovertyIncome { get; init; }
}

[RegisterConverter]
public sealed class TownContributionConverter : IConverter<TownContribution, TownContributionSurrogate>
{
    public TownContribution ConvertFromSurrogate(in TownContributionSurrogate surrogate)
    {
        var contribution = new TownContribution(surrogate.Employment.Length);
        surrogate.Employment.CopyTo(contribution.Employment, 0);
        surrogate.PovertyIncome.CopyTo(contribution.PovertyIncome, 0);
        return contribution;
    }

    public TownContributionSurrogate ConvertToSurrogate(in TownContribution value) =>
        new() { Employment = value.Employment, PovertyIncome = value.PovertyIncome };
}

[GenerateSerializer]
public readonly record struct DistrictContributionsSurrogate
{
    [Id(0)] public required ChainContribution[] Chains { get; init; }
    [Id(1)] public required ProjectContribution[] Projects { get; init; }
    [Id(2)] public required ProjectContribution[] Pipelines { get; init; }
    [Id(3)] public required TownContribution[] Towns { get; init; }
    [Id(4)] public FirmContribution[]? Firms { get; init; }
}

[RegisterConverter]
public sealed class DistrictContributionsConverter : IConverter<DistrictContributions, DistrictContributionsSurrogate>
{
    public DistrictContributions ConvertFromSurrogate(in DistrictContributionsSurrogate surrogate) =>
        new(surrogate.Chains, surrogate.Projects, surrogate.Pipelines, surrogate.Towns, surrogate.Firms);

    public DistrictContributionsSurrogate ConvertToSurrogate(in DistrictContributions value) => new()
    {
        Chains = [.. value.Chains],
        Projects = [.. value.Projects],
        Pipelines = [.. value.Pipelines],
        Towns = [.. value.Towns],
        Firms = value.Firms is null ? null : [.. value.Firms],
    };
}

[GenerateSerializer]
public readonly record struct FirmContributionSurrogate
{
    [Id(0)] public required double[] Output { get; init; }
}

[RegisterConverter]
public sealed class FirmContributionConverter : IConverter<FirmContribution, FirmContributionSurrogate>
{
    public FirmContribution ConvertFromSurrogate(in FirmContributionSurrogate surrogate)
    {
        var contribution = new FirmContribution(surrogate.Output.Length);
        surrogate.Output.CopyTo(contribution.Output, 0);
        return contribution;
    }

    public FirmContributionSurrogate ConvertToSurrogate(in FirmContribution value) => new() { Output = value.Output };
}
