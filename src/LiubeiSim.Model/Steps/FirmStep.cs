using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A synthetic firm: its share of its chain's previous output, moved by a shock of its own. The district adds the
/// firms of each chain up (in firm order); where their shocks do not cancel, the chain's demand moves.
/// </summary>
public sealed class FirmStep(ModelParameters parameters, int firm, ReplicationBlock block) : EntityStep(parameters, block)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        var p = P;
        var n = Block.Count;
        var firms = p.Firms;
        var share = firms.Share[firm];
        var key = CounterRandom.StreamKey(p.Seed, firms.Keys[firm], p.Time.MonthIndex(month), 0);
        var chainOutput = previous.Output.AsSpan(firms.Chain[firm] * n, n);
        var output = into[FirmChannels.Output];
        using var rows = new DrawRows(1, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var factors = rows.Row(0, Math.Min(DrawRows.Chunk, n - lo));
            p.Noise.Normals(key, Block.Start + lo, factors);
            p.Noise.Factors(p.FirmVolatility, factors);
            for (var j = 0; j < factors.Length; j++)
            {
                output[lo + j] = share * chainOutput[lo + j] * factors[j];
            }
        }
    }

    /// <summary>
    /// The district's part: each chain's firm output summed in firm order, then its ratio to the chain's previous
    /// output, the granular factor its demand follows next month (1 where the chain had no output or no firms).
    /// </summary>
    public static void Reduce(ModelParameters p, IReadOnlyList<EntityContribution> contributions, DistrictSnapshot previous, DistrictSnapshot next, double[] totals)
    {
        var n = previous.Count;
        var firms = p.Firms;
        if (contributions.Count != firms.Count)
        {
            throw new ArgumentException($"{contributions.Count} firms contributed but the scenario has {firms.Count}.", nameof(contributions));
        }

        Array.Clear(totals);
        Span<bool> hasFirms = stackalloc bool[p.Chains.Count];
        for (var f = 0; f < contributions.Count; f++)
        {
            var c = firms.Chain[f];
            hasFirms[c] = true;
            RollUp.AddInto(contributions[f].Read(FirmChannels.Output), totals.AsSpan(c * n, n));
        }

        for (var c = 0; c < p.Chains.Count; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var before = previous.Output[(c * n) + i];
                next.FirmFactor[(c * n) + i] = hasFirms[c] && before > 0 ? totals[(c * n) + i] / before : 1.0;
            }
        }
    }
}
