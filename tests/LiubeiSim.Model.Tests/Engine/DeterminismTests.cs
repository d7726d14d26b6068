using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>Same scenario and seed, same bytes, however the replications are split; another seed, other numbers.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("baseline-2023")]
    [InlineData("project-delays")]
    public void Same_seed_gives_the_same_bytes_for_any_block_split(string name)
    {
        var scenario = EngineScenarios.Load(name, replications: 150);
        var one = EngineScenarios.Run(scenario, blocks: 1);
        var again = EngineScenarios.Run(scenario, blocks: 1);
        Assert.Equal(RunReport.IndicatorsCsv(one), RunReport.IndicatorsCsv(again));
        foreach (var blocks in new[] { 2, 7, 150 })
        {
            var split = EngineScenarios.Run(scenario, blocks: blocks);
            EngineScenarios.AssertSameOutputs(one, split);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void Drawing_a_chunk_at_a_time_gives_the_bits_of_drawing_the_block_at_once(int firms)
    {
        // One block of 2,500 replications draws in chunks of 1,024, 1,024 and 452; three blocks draw each in one chunk,
        // seven in one short one: a chunk that drew at the wrong replication index would move the quantiles.
        Assert.True(2 * DrawRows.Chunk < 2_500 && 2_500 / 3 <= DrawRows.Chunk);
        var scenario = EngineScenarios.Load("baseline-2023", replications: 2_500).WithSyntheticFirms(firms);
        var one = EngineScenarios.Run(scenario, blocks: 1);
        foreach (var blocks in new[] { 3, 7 })
        {
            var split = EngineScenarios.Run(scenario, blocks: blocks);
            EngineScenarios.AssertSameOutputs(one, split);
        }
    }

    [Fact]
    public void Another_seed_gives_other_numbers()
    {
        var a = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", 100, seed: 1));
        var b = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", 100, seed: 2));
        Assert.NotEqual(RunReport.IndicatorsCsv(a), RunReport.IndicatorsCsv(b));
        Assert.NotEqual(a.End(SeriesLayout.IndustrialOutput).P50, b.End(SeriesLayout.IndustrialOutput).P50);
    }

    [Fact]
    public void A_replication_does_not_depend_on_how_many_others_run()
    {
        // Replication 0..49 of a 50-replication run equal the first 50 of a 200-replication run.
        var small = EngineScenarios.EndValues(EngineScenarios.Load("baseline-2023", 50));
        var large = EngineScenarios.EndValues(EngineScenarios.Load("baseline-2023", 200));
        foreach (var key in SeriesLayout.All)
        {
            Assert.Equal(EngineScenarios.Series(small, key.Index, 50).ToArray(), EngineScenarios.Series(large, key.Index, 200)[..50].ToArray());
        }
    }

    [Fact]
    public void Csv_files_hold_no_timing()
    {
        var result = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", 20));
        var csv = RunReport.IndicatorsCsv(result);
        Assert.StartsWith("month,indicator,scope,p5,p10,p50,p90,p95,mean\n", csv.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1 + (result.Months * SeriesLayout.Count), csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("second", csv, StringComparison.OrdinalIgnoreCase);
    }
}
