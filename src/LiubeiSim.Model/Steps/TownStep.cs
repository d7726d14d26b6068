using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Parameters;
using LiubeiSim.Model.Randomness;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A town's people lifted out of poverty: their wages grow at the expected rate and move with the jobs located in
/// their town (incumbent and project jobs) against the control forecast's; their other income (transfers, farming)
/// grows at its own rate. The jobs located in the town are the district's allocation (see <see cref="DistrictStep"/>).
/// </summary>
public sealed class TownStep(ModelParameters parameters, TownParameters town, ReplicationBlock block) : EntityStep(parameters, block)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Advance(int month, DistrictSnapshot previous, EntityContribution into)
    {
        var p = P;
        var poverty = p.Poverty;
        var n = Block.Count;
        var t = p.Time.MonthIndex(month);
        var control = p.Control.TownEmployment(month, town.Index);
        var wage = poverty.WageShare * p.Time.Growth(poverty.WageGrowth, t);
        var other = (1 - poverty.WageShare) * p.Time.Growth(poverty.OtherGrowth, t);
        var key = CounterRandom.StreamKey(p.Seed, town.Key, t, 0);
        var jobs = previous.TownEmployment.AsSpan(town.Index * n, n);
        var income = into[TownChannels.PovertyIncome];
        using var rows = new DrawRows(1, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var factors = rows.Row(0, Math.Min(DrawRows.Chunk, n - lo));
            p.Noise.Normals(key, Block.Start + lo, factors);
            p.Noise.Factors(poverty.Volatility, factors);
            for (var j = 0; j < factors.Length; j++)
            {
                var i = lo + j;
                var wages = wage * Math.Pow(Math.Max(jobs[i], 0) / control, poverty.JobsElasticity);
                income[i] = (wages + other) / 12 * factors[j];
            }
        }
    }
}
