using LiubeiSim.Aggregation;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>One month of an industry chain: final demand on its trend with shocks and noise, employment adjusting to output, R&amp;D following output.</summary>
public static class ChainStep
{
    public static ChainState Initialise(ModelParameters p, int chain, int count)
    {
        var state = new ChainState(chain, count);
        state.Employment.AsSpan().Fill(p.Employment0[chain]);
        return state;
    }

    public static void Advance(ModelParameters p, ChainState state, ReplicationBlock block, int month, DistrictSnapshot previous, ChainContribution into)
    {
        var c = state.Chain;
        var n = block.Count;
        var t = p.HorizonStart + month;
        var key = EntityKeys.Chains[c];
        var demandKey = CounterRandom.StreamKey(p.Seed, key, t, 0);
        var rndKey = CounterRandom.StreamKey(p.Seed, key, t, 1);
        var macroKey = CounterRandom.StreamKey(p.Seed, EntityKeys.District, t, 0);
        var rho = p.DemandPersistence;
        var innovation = Math.Sqrt(1 - (rho * rho));
        var trend = p.FinalDemand0[c] / 12 * p.Growth(p.ChainGrowth[c], t) * p.DemandShock[(c * p.Months) + month];
        var rndTrend = p.RndPerOutput[c] * p.Growth(p.RndGrowth, t) * (c == 4 ? p.AutoRndFactor : 1);
        var output0 = p.ChainOutput0[c];
        var e0 = p.Employment0[c];
        var previousOutput = previous.Output.AsSpan(c * n, n);
        var capacity = previous.CapacityAdded.AsSpan(c * n, n);

        // Only a scenario with synthetic firms multiplies by their factor: without, not even an exact × 1.0 is added.
        var granular = p.Firms.Count > 0;
        var firmFactor = previous.FirmFactor.AsSpan(c * n, n);
        for (var i = 0; i < n; i++)
        {
            var r = block.Start + i;
            state.DemandDeviation[i] = (rho * state.DemandDeviation[i]) + (p.DemandVolatility * innovation * CounterRandom.Normal(demandKey, r));
            state.MacroDeviation[i] = (rho * state.MacroDeviation[i]) + (p.MacroVolatility * innovation * CounterRandom.Normal(macroKey, r));
            var factor = Math.Max(0.05, 1 + state.DemandDeviation[i] + state.MacroDeviation[i]);
            if (granular)
            {
                factor *= firmFactor[i];
            }

            into.FinalDemand[i] = (trend * factor) + (capacity[i] / 12);

            var target = e0 * Math.Pow(Math.Max(previousOutput[i], 0) * 12 / output0, p.EmploymentElasticity);
            state.Employment[i] += p.EmploymentAdjustment * (target - state.Employment[i]);
            into.Employment[i] = state.Employment[i];

            into.Rnd[i] = rndTrend * previousOutput[i] * Math.Max(0, 1 + (p.RndVolatility * CounterRandom.Normal(rndKey, r)));
        }
    }
}
