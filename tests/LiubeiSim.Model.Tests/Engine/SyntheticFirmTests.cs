using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Model.Steps;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>
/// The synthetic firm population (a benchmark and what-if option): generated from the seed alone, deterministic
/// for any block split, and absent by default, when a run is exactly the model without firms.
/// </summary>
public sealed class SyntheticFirmTests
{
    [Fact]
    public void Population_is_a_function_of_the_seed_and_shares_add_up_per_chain()
    {
        var p = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10).WithSyntheticFirms(500));
        var again = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10).WithSyntheticFirms(500));
        Assert.Equal(500, p.Firms.Count);
        Assert.Equal(p.Firms.Chain, again.Firms.Chain);
        Assert.Equal(p.Firms.Share, again.Firms.Share);
        for (var c = 0; c < p.Chains.Count; c++)
        {
            var shares = Enumerable.Range(0, 500).Where(f => p.Firms.Chain[f] == c).Select(f => p.Firms.Share[f]).ToList();
            Assert.NotEmpty(shares);
            Assert.Equal(1.0, shares.Sum(), 1e-12);
        }

        var otherSeed = ModelParameters.Build(BaseYearDataset.Default, EngineScenarios.Load("baseline-2023", 10, seed: 99).WithSyntheticFirms(500));
        Assert.NotEqual(p.Firms.Share, otherSeed.Firms.Share);
    }

    [Fact]
    public void Off_by_default()
    {
        var scenario = EngineScenarios.Load("baseline-2023", 10);
        Assert.Equal(0, scenario.SyntheticFirms);
        Assert.Same(FirmPopulation.None, ModelParameters.Build(BaseYearDataset.Default, scenario).Firms);
    }

    [Fact]
    public void Firms_move_their_chains_and_give_the_same_bytes_for_any_block_split()
    {
        var plain = EngineScenarios.Load("baseline-2023", replications: 60);
        var withFirms = plain.WithSyntheticFirms(200);
        var one = EngineScenarios.Run(withFirms, blocks: 1);
        foreach (var blocks in new[] { 2, 7 })
        {
            var split = EngineScenarios.Run(withFirms, blocks: blocks);
            EngineScenarios.AssertSameOutputs(one, split);
        }

        // The firms' shocks reach the chains, so the numbers move.
        Assert.NotEqual(RunReport.IndicatorsCsv(EngineScenarios.Run(plain)), RunReport.IndicatorsCsv(one));
    }

    [Fact]
    public void Scenario_files_may_ask_for_firms_within_range()
    {
        const string head = "name: firms\nbase: 2022\nhorizon:\n  start: 2023-01\n  months: 12\n";
        var parsed = ScenarioParser.ParseText("firms.yaml", head + "synthetic_firms: 250\n");
        Assert.True(parsed.IsValid);
        Assert.Equal(250, parsed.Scenario!.SyntheticFirms);
        Assert.Equal(0, ScenarioParser.ParseText("plain.yaml", head).Scenario!.SyntheticFirms);

        var bad = ScenarioParser.ParseText("bad.yaml", head + "synthetic_firms: -1\n");
        Assert.False(bad.IsValid);
        Assert.Contains(bad.Problems, problem => problem.Line == 6);
    }
}
