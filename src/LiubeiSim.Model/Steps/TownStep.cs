using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// One month of a town: its share of the chains' jobs plus the jobs projects brought there, and the income of people
/// lifted out of poverty: wages grow at the expected rate and move with the town's jobs against their expected path;
/// other income (transfers, farming) grows at its own rate.
/// </summary>
public static class TownStep
{
    public static void Advance(ModelParameters p, int town, ReplicationBlock block, int month, DistrictSnapshot previous, TownContribution into)
    {
        var n = block.Count;
        var t = p.HorizonStart + month;
        var share = p.TownJobShare[town];
        var expected = 0.0;
        for (var c = 0; c < ModelParameters.Chains; c++)
        {
            expected += month == 0 ? p.Employment0[c] : p.ControlEmployment[(c * p.Months) + month - 1];
        }

        expected *= share;
        var wage = p.PovertyWageShare * p.Growth(p.PovertyWageGrowth, t);
        var other = (1 - p.PovertyWageShare) * p.Growth(p.PovertyOtherGrowth, t);
        var key = CounterRandom.StreamKey(p.Seed, EntityKeys.Towns[town], t, 0);
        for (var i = 0; i < n; i++)
        {
            var chainJobs = 0.0;
            for (var c = 0; c < ModelParameters.Chains; c++)
            {
                chainJobs += previous.Employment[(c * n) + i];
            }

            chainJobs *= share;
            into.Employment[i] = chainJobs + previous.TownJobsAdded[(town * n) + i];
            var deviation = (chainJobs / expected) - 1;
            var income = (wage * Math.Max(0, 1 + (p.PovertyJobsElasticity * deviation))) + other;
            into.PovertyIncome[i] = income / 12 * Math.Max(0, 1 + (p.PovertyVolatility * CounterRandom.Normal(key, block.Start + i)));
        }
    }
}
