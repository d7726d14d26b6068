using LiubeiSim.Model.District;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Model.Tests.Engine;

/// <summary>Chains add up to the district every month, and nothing that cannot be negative ever is.</summary>
public sealed class AccountingTests
{
    [Theory]
    [InlineData("baseline-2023")]
    [InlineData("investment-slump")]
    [InlineData("sgmw-125-boost")]
    public void Chain_series_add_up_to_the_district_and_stay_non_negative(string name)
    {
        var scenario = EngineScenarios.Load(name, replications: 200);
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario);
        var shard = new ShardSimulation(parameters, new Aggregation.ReplicationBlock(0, scenario.Replications));
        var n = scenario.Replications;
        for (var month = 0; month < scenario.Months; month++)
        {
            var values = shard.StepMonth().ToArray();
            foreach (var district in new[] { SeriesLayout.IndustrialOutput, SeriesLayout.IndustrialValueAdded, SeriesLayout.Rnd, SeriesLayout.Employment })
            {
                for (var r = 0; r < n; r++)
                {
                    var sum = 0.0;
                    for (var c = 0; c < DistrictIds.Chains.Count; c++)
                    {
                        sum += values[(SeriesLayout.ChainSeries(district, c) * n) + r];
                    }

                    var total = values[(district * n) + r];
                    Assert.True(Math.Abs(sum - total) <= 1e-9 * Math.Max(1, Math.Abs(total)), $"{SeriesLayout.All[district].Indicator.Id} month {month} replication {r}: chains {sum} != district {total}");
                }
            }

            foreach (var key in SeriesLayout.All)
            {
                if (key.Reducer == SeriesReducer.GrowthOverBase)
                {
                    continue; // income growth may be negative
                }

                for (var r = 0; r < n; r++)
                {
                    var v = values[(key.Index * n) + r];
                    Assert.True(double.IsFinite(v) && v >= 0, $"{key.Indicator.Id}/{key.Scope} month {month} replication {r} = {v}");
                }
            }
        }
    }

    [Fact]
    public void Gdp_is_industrial_value_added_plus_the_rest_and_near_its_base()
    {
        var result = EngineScenarios.Run(EngineScenarios.Load("baseline-2023", replications: 200));
        var gdp = result.End(SeriesLayout.Gdp).P50;
        Assert.InRange(gdp, 560.45 * 0.9, 560.45 * 1.2);
        Assert.True(result.End(SeriesLayout.IndustrialValueAdded).P50 < gdp);
    }
}
