using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Numerics;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// An industry chain over a block: final demand on its phased trend with shocks and mean-one lognormal noise (its own
/// AR(1) deviation plus the district-wide one), incumbent employment adjusting towards what incumbent output needs,
/// and R&amp;D following last month's output.
/// </summary>
public sealed class ChainStep : EntityStep
{
    private readonly ChainParameters _chain;
    private readonly double[] _demandDeviation;

    /// <summary>The district-wide deviation; every chain keeps its own copy, drawn from the district's stream, so chains need not talk.</summary>
    private readonly double[] _macroDeviation;

    private readonly double[] _employment;

    public ChainStep(ModelParameters parameters, ChainParameters chain, ReplicationBlock block)
        : base(parameters, block)
    {
        _chain = chain;
        _demandDeviation = new double[block.Count];
        _macroDeviation = new double[block.Count];
        _employment = new double[block.Count];
        _employment.AsSpan().Fill(chain.Employment0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        var p = P;
        var d = p.ChainDynamics;
        var c = _chain.Index;
        var n = Block.Count;
        var t = p.Time.MonthIndex(month);
        var noise = p.Noise;
        var demandKey = CounterRandom.StreamKey(p.Seed, _chain.Key, t, 0);
        var rndKey = CounterRandom.StreamKey(p.Seed, _chain.Key, t, 1);
        var macroKey = CounterRandom.StreamKey(p.Seed, p.District.Key, t, 0);
        var rho = d.DemandPersistence;
        var innovation = Math.Sqrt(1 - (rho * rho));
        var trend = _chain.FinalDemand0 / 12 * p.Time.Growth(_chain.Growth, t) * _chain.DemandShock[month];
        var halfVariance = d.HalfLogVariance[month];
        var rndTrend = _chain.RndPerOutput * p.Time.Growth(d.RndGrowth, t) * _chain.RndFactor;
        var output = previous.Output.AsSpan(c * n, n);
        // Only a scenario with synthetic firms multiplies by their factor: without, not even an exact × 1.0 is added
        // (and the snapshot keeps no factors).
        var granular = p.Firms.Count > 0;
        var firmFactor = granular ? previous.FirmFactor.AsSpan(c * n, n) : default;
        var finalDemand = into[ChainChannels.FinalDemand];
        var employment = into[ChainChannels.Employment];
        var rnd = into[ChainChannels.Rnd];
        // This month's draws, made in batches a chunk of the block at a time (the same bits as one at a time), and the
        // chunk's incumbent output against the base year's raised to the elasticity, in one batch too.
        using var draws = new DrawRows(4, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var length = Math.Min(DrawRows.Chunk, n - lo);
            var demandDraws = draws.Row(0, length);
            var macroDraws = draws.Row(1, length);
            var rndFactors = draws.Row(2, length);
            noise.Normals(demandKey, Block.Start + lo, demandDraws);
            noise.Normals(macroKey, Block.Start + lo, macroDraws);
            noise.Normals(rndKey, Block.Start + lo, rndFactors);
            noise.Factors(d.RndVolatility, rndFactors);

            // Incumbent firms staff for what they make; the jobs of completed projects come with the projects.
            var staffing = draws.Row(3, length);
            for (var j = 0; j < length; j++)
            {
                var incumbent = Math.Max(previous.IncumbentOutput(c, lo + j), 0);
                staffing[j] = incumbent * 12 / _chain.Output0;
            }

            Powers.Pow(staffing, d.EmploymentElasticity, staffing);

            // The demand factor's exponent, in place of the demand draw it is made from, then its exponential in one batch.
            var demandFactor = demandDraws;
            for (var j = 0; j < length; j++)
            {
                var i = lo + j;
                _demandDeviation[i] = (rho * _demandDeviation[i]) + (d.DemandVolatility * innovation * demandDraws[j]);
                _macroDeviation[i] = (rho * _macroDeviation[i]) + (d.MacroVolatility * innovation * macroDraws[j]);
                demandFactor[j] = _demandDeviation[i] + _macroDeviation[i] - halfVariance;
            }

            Exponentials.Exp(demandFactor, demandFactor);
            for (var j = 0; j < length; j++)
            {
                var i = lo + j;
                var factor = demandFactor[j];
                if (granular)
                {
                    factor *= firmFactor[i];
                }

                finalDemand[i] = trend * factor;

                var target = _chain.Employment0 * staffing[j];
                _employment[i] += d.EmploymentAdjustment * (target - _employment[i]);
                employment[i] = _employment[i];

                rnd[i] = rndTrend * output[i] * rndFactors[j];
            }
        }
    }
}
