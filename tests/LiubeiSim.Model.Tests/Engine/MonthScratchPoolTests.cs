using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Engine;

public sealed class MonthScratchPoolTests
{
    private static readonly ModelParameters Parameters = ModelParameters.Build(BaseYearDataset.Default, ScenarioLibrary.Load("baseline-2023").WithReplications(10), null);

    [Fact]
    public void A_returned_set_serves_the_next_block_of_its_size_and_only_of_its_size()
    {
        var pool = new MonthScratchPool(Parameters);
        var five = pool.Rent(5);
        Assert.All(five.Contributions.ByKind.SelectMany(kind => kind), contribution => Assert.Equal(5, contribution.Count));
        Assert.Equal(DistrictModel.Kinds.Select(kind => kind.Ids(Parameters).Count), five.Contributions.ByKind.Select(kind => kind.Count));
        Assert.Equal(SeriesLayout.Count * 5, five.Raw.Length);

        // Rented and not returned: a second block stepping at the same time gets a set of its own.
        Assert.NotSame(five, pool.Rent(5));

        pool.Return(five);
        var six = pool.Rent(6);
        Assert.NotSame(five, six);
        Assert.Equal(SeriesLayout.Count * 6, six.Raw.Length);
        Assert.Same(five, pool.Rent(5));
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(30, 0)]
    [InlineData(12, 20)]
    public void Blocks_sharing_one_pool_step_to_the_bits_of_blocks_with_sets_of_their_own(int months, int firms)
    {
        // Two blocks of the same size, so they take turns with one set: the second reads nothing the first left. A
        // horizon over 12 months keeps the window; synthetic firms add their own channel.
        var scenario = ScenarioLibrary.Load("baseline-2023").WithReplications(40).WithSyntheticFirms(firms) with { Months = months };
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
        var pool = new MonthScratchPool(parameters);
        var shared = new[] { new ShardSimulation(parameters, new ReplicationBlock(0, 20), pool), new ShardSimulation(parameters, new ReplicationBlock(20, 20), pool) };
        var alone = new[] { new ShardSimulation(parameters, new ReplicationBlock(0, 20)), new ShardSimulation(parameters, new ReplicationBlock(20, 20)) };
        for (var month = 0; month < parameters.Months; month++)
        {
            for (var b = 0; b < 2; b++)
            {
                var expected = alone[b].StepMonth().ToArray();
                Assert.Equal(expected, shared[b].StepMonth().ToArray());
            }
        }

        Assert.Throws<InvalidOperationException>(() => shared[0].LastRaw.Length);
    }

    [Fact]
    public void A_block_cannot_share_month_scratch_with_another_run()
    {
        var other = ModelParameters.Build(BaseYearDataset.Default, ScenarioLibrary.Load("baseline-2023").WithReplications(10), null);
        Assert.Throws<ArgumentException>(() => new ShardSimulation(other, new ReplicationBlock(0, 10), new MonthScratchPool(Parameters)));
    }
}
