using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Messages;

/// <summary>
/// The district's answer for one month: the snapshot entities read next month, and the reported value of every
/// series for the shard's block (series-major). Both stay valid until the district's next month, which the
/// bulk-synchronous loop never starts before the shard is done with them.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.MonthOutcome")]
public sealed record MonthOutcome
{
    [Id(0)] public required DistrictSnapshot Snapshot { get; init; }
    [Id(1)] public required double[] Reported { get; init; }
}
