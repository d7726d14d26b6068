using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// In process, a run's blocks write their reported values straight into the run's matrix and the driver reads them
/// there; blocks that hand their values over (held where they arrived, as grains' are) must give the same bytes, for any split, with
/// running sums (12 months) and with windows (longer horizons), with the blocks on the thread pool or not.
/// </summary>
public sealed class RunValuesInPlaceTests
{
    [Theory]
    [InlineData("baseline-2023", 500, 3, 12, true)]
    [InlineData("baseline-2023", 500, 7, 12, false)]
    [InlineData("project-delays", 333, 4, 24, true)]
    [InlineData("investment-slump", 250, 1, 13, false)]
    public async Task Blocks_writing_into_the_run_s_matrix_give_the_bytes_of_blocks_handing_their_values_over(string name, int replications, int blocks, int months, bool parallel)
    {
        var scenario = EngineScenarios.Load(name, replications) with { Months = months };
        var inPlace = InProcessEngine.Run(scenario, blocks: blocks, cancellationToken: TestContext.Current.CancellationToken, parallel: parallel);

        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var handedOver = await RunDriver.RunAsync(parameters, InProcessEngine.Shards(parameters, blocks, parallel), InProcessEngine.Name, cancellationToken: TestContext.Current.CancellationToken);

        EngineScenarios.AssertSameOutputs(handedOver, inPlace);
    }

    [Fact]
    public void A_run_takes_blocks_one_way_only_and_a_matrix_of_its_size()
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10));
        var block = new ReplicationBlock(0, 10);

        var inPlace = new RunAccumulator(parameters, new double[SeriesLayout.Count * 10]);
        Assert.Throws<InvalidOperationException>(() => inPlace.AddBlock(block, new double[SeriesLayout.Count * 10]));
        Assert.Throws<ArgumentException>(() => inPlace.AddBlockWritten(new ReplicationBlock(5, 6)));
        inPlace.AddBlockWritten(block);
        inPlace.CompleteMonth();
        Assert.Equal(1, inPlace.MonthsDone);

        Assert.Throws<InvalidOperationException>(() => new RunAccumulator(parameters).AddBlockWritten(block));
        var e = Assert.Throws<ArgumentException>(() => new RunAccumulator(parameters, new double[(SeriesLayout.Count * 10) - 1]));
        Assert.Contains("10 replications", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_whose_blocks_wrote_in_place_is_refused_until_they_cover_the_run()
    {
        var parameters = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10));
        var accumulator = new RunAccumulator(parameters, new double[SeriesLayout.Count * 10]);
        accumulator.AddBlockWritten(new ReplicationBlock(0, 4));
        Assert.Throws<ArgumentException>(() => accumulator.CompleteMonth());
    }
}
