using LiubeiSim.Model.Steps;

namespace LiubeiSim.Grains.Messages;

/// <summary>
/// The district's answer for one part of a month: the part's snapshot, which its entities read next month, and the
/// reported value of every series for the shard's whole block (series-major), complete once the month's last part is
/// reduced. The snapshot stays valid until the part's next month is reduced (its stocks are updated in place then:
/// <c>DistrictSnapshot.Following</c>; the shard awaits every entity's month before it asks for the reduce); the array
/// is the district's own, rewritten part by part the next month, which the bulk-synchronous loop never starts before
/// the run is done with it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Messages.MonthOutcome")]
public sealed record MonthOutcome
{
    [Id(0)] public required DistrictSnapshot Snapshot { get; init; }
    [Id(1)] public required double[] Reported { get; init; }
}
