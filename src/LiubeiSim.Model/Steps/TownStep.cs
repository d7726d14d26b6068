using System.Runtime.CompilerServices;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.Numerics;
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
        using var rows = new DrawRows(2, n);
        for (var lo = 0; lo < n; lo += DrawRows.Chunk)
        {
            var length = Math.Min(DrawRows.Chunk, n - lo);
            var factors = rows.Row(0, length);
            var jobsRatio = rows.Row(1, length);
            p.Noise.Normals(key, Block.Start + lo, factors);
            p.Noise.Factors(poverty.Volatility, factors);
            for (var j = 0; j < length; j++)
            {
                jobsRatio[j] = Math.Max(jobs[lo + j], 0) / control;
            }

            Powers.Pow(jobsRatio, poverty.JobsElasticity, jobsRatio);
            for (var j = 0; j < length; j++)
            {
                var wages = wage * jobsRatio[j];
                income[lo + j] = (wages + other) / 12 * factors[j];
            }
        }
    }
}
