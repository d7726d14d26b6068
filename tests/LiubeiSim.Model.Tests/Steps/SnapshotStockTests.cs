using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Steps;

/// <summary>
/// A block's two snapshots share the stocks the reduce updates in place (<see cref="DistrictSnapshot.Following"/>);
/// snapshots made apart (as one copied from another silo is) have them carried forward. Both give the same bits.
/// </summary>
public sealed class SnapshotStockTests
{
    [Theory]
    [InlineData("project-delays", 0)]
    [InlineData("sgmw-125-boost", 30)]
    public void Snapshots_sharing_their_stocks_reduce_to_the_bits_of_snapshots_made_apart(string name, int firms)
    {
        var scenario = ScenarioLibrary.Load(name).WithReplications(700).WithSyntheticFirms(firms) with { Months = 18 };
        var p = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
        var block = new ReplicationBlock(100, 600);
        var shared = new ShardSimulation(p, block);

        var entities = DistrictModel.SetUp(p, block);
        var contributions = DistrictModel.NewContributions(p, block.Count);
        var district = new DistrictStep(p, block);
        var previous = DistrictSnapshot.Initial(p, block.Count);
        var next = new DistrictSnapshot(p.Chains.Count, p.Towns.Count, block.Count, firms > 0);
        var raw = new double[SeriesLayout.Count * block.Count];
        Assert.Same(DistrictSnapshot.Following(previous).Capacity, previous.Capacity);
        Assert.NotSame(next.Capacity, previous.Capacity);
        for (var month = 0; month < p.Months; month++)
        {
            shared.StepMonth();
            for (var kind = 0; kind < entities.Count; kind++)
            {
                for (var e = 0; e < entities[kind].Count; e++)
                {
                    entities[kind][e].Advance(month, previous, contributions.ByKind[kind][e]);
                }
            }

            district.Reduce(month, contributions, previous, next, raw);
            (previous, next) = (next, previous);
            var expected = raw.Select(BitConverter.DoubleToInt64Bits).ToArray();
            var actual = shared.LastRaw.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"month {month}: the raw values differ");
            foreach (var (apart, sharing) in new[]
            {
                (previous.Capacity, shared.Snapshot.Capacity), (previous.ProjectJobs, shared.Snapshot.ProjectJobs),
                (previous.ProjectTownJobs, shared.Snapshot.ProjectTownJobs), (previous.Employment, shared.Snapshot.Employment),
                (previous.Rnd, shared.Snapshot.Rnd),
            })
            {
                Assert.Equal(apart.Select(BitConverter.DoubleToInt64Bits), sharing.Select(BitConverter.DoubleToInt64Bits));
            }
        }

        // The stocks did move: otherwise sharing them would prove nothing.
        Assert.Contains(previous.Capacity, v => v != 0);
    }
}
