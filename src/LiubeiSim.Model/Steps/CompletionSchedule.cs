using System.Runtime.CompilerServices;

namespace LiubeiSim.Model.Steps;

/// <summary>
/// A pipeline's completions by horizon month and replication (month-major: month m of replication i at
/// [m × count + i]), made on the first completion inside the horizon. With the noise on every count is whole (binomial
/// counts), so they are kept as floats, exact up to 2²⁴, in half the bytes; the control path's expected counts are
/// fractions and keep doubles, and so does a schedule once a count passes 2²⁴ (its floats are widened once, exactly).
/// Either way a month reads the bits a schedule of doubles would hold.
/// </summary>
/// <param name="months">Months of the horizon.</param>
/// <param name="count">Replications of the block.</param>
/// <param name="wholeCounts">Whether every count added is a whole number (the noise is on).</param>
internal sealed class CompletionSchedule(int months, int count, bool wholeCounts)
{
    /// <summary>2²⁴: every whole number up to it is a float.</summary>
    private const double WholeFloatLimit = 16_777_216;

    private float[]? _whole;
    private double[]? _values;

    /// <summary>Nothing has completed inside the horizon yet: every month reads zeros.</summary>
    public bool IsEmpty => _whole is null && _values is null;

    /// <summary>Whether the counts are held as floats (for tests).</summary>
    internal bool HoldsFloats => _whole is not null;

    /// <summary>completions[month, i] += started, in the order cohorts start (the schedule of doubles' order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int month, int i, double started)
    {
        var at = (month * count) + i;
        if (_values is null && (_whole is not null || wholeCounts))
        {
            var counts = _whole ??= new float[months * count];
            var sum = counts[at] + started;
            if (Math.Abs(sum) <= WholeFloatLimit && sum == Math.Floor(sum))
            {
                counts[at] = (float)sum;
                return;
            }

            _values = Array.ConvertAll(counts, c => (double)c);
            _whole = null;
        }

        (_values ??= new double[months * count])[at] += started;
    }

    /// <summary>Writes a month's completions of every replication into <paramref name="into"/> (zeros while <see cref="IsEmpty"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyMonth(int month, Span<double> into)
    {
        if (_values is not null)
        {
            _values.AsSpan(month * count, count).CopyTo(into);
        }
        else if (_whole is not null)
        {
            var counts = _whole.AsSpan(month * count, count);
            for (var i = 0; i < counts.Length; i++)
            {
                into[i] = counts[i];
            }
        }
        else
        {
            into[..count].Clear();
        }
    }
}
