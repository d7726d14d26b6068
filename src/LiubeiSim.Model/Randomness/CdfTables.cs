using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// A Poisson distribution's CDF for one mean, built once with the very recurrence <see cref="Distributions.Poisson"/>
/// runs per draw (same products, same sums, same stopping rule), so a lookup returns the bits the loop would, without
/// its exp and divisions per draw. For means the model holds fixed across a block's replications.
/// </summary>
public sealed class PoissonTable
{
    /// <summary>The cumulative probabilities, padded for <see cref="CdfSearch"/>; <see cref="_length"/> of them are the table's.</summary>
    private readonly double[] _cdf;
    private readonly int _length;
    private readonly int _last;

    public PoissonTable(double mean)
    {
        Mean = mean;
        // Not a number of events to tabulate (none, NaN, or the normal approximation's range): the loop itself answers.
        if (!(mean > 0) || mean > Distributions.NormalApproximationAbove)
        {
            _cdf = [];
            return;
        }

        var cdf = new List<double>();
        var p = Math.Exp(-mean);
        var sum = p;
        var k = 0;
        cdf.Add(sum);
        while (k < Distributions.MaxPoissonCount)
        {
            k++;
            p *= mean / k;
            sum += p;
            if (p < 1e-300 && sum >= 1 - 1e-15)
            {
                break;
            }

            cdf.Add(sum);
        }

        // The loop returns k when the uniform exceeds every cdf before it, or when it stops on its own rule at k.
        _cdf = CdfSearch.Padded(CollectionsMarshal.AsSpan(cdf));
        _length = cdf.Count;
        _last = k;
    }

    public double Mean { get; }

    /// <summary>
    /// Every uniform up to this gives a count of zero (the table's first cumulative probability), so a caller can pass
    /// over empty draws without a lookup; −1 when the table holds nothing and <see cref="Sample"/> runs the loop.
    /// </summary>
    public double ZeroUpTo => _length == 0 ? -1 : _cdf[0];

    /// <summary>The count <see cref="Distributions.Poisson"/> gives for this mean and uniform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Sample(double uniform)
    {
        if (_length == 0)
        {
            return Distributions.Poisson(Mean, uniform);
        }

        var k = CdfSearch.FirstAtLeast(_cdf, uniform);
        return k < _length ? k : _last;
    }
}

/// <summary>
/// The Poisson tables of one run, built once and shared by its blocks (a table is read-only once built): every block
/// of every pipeline asks for the same arrival, history and backlog means, and the district for the same loss means.
/// Keyed by the mean's bits, so a table is the one its mean would build.
/// </summary>
public sealed class PoissonTableCache
{
    private readonly ConcurrentDictionary<long, PoissonTable> _byMean = new();

    /// <summary>The table for <paramref name="mean"/>, built on first use.</summary>
    public PoissonTable For(double mean) =>
        _byMean.GetOrAdd(BitConverter.DoubleToInt64Bits(mean), static (_, m) => new PoissonTable(m), mean);
}

/// <summary>
/// Binomial CDFs for one success probability, one table per number of trials (built on first use with the recurrence of
/// <see cref="Distributions.Binomial"/>), so a draw is a lookup with the loop's bits. Trials beyond
/// <see cref="MaxTabulatedTrials"/> fall back to the loop.
/// </summary>
public sealed class BinomialTables(double probability)
{
    public const int MaxTabulatedTrials = 512;

    /// <summary>Tables by number of trials (padded for <see cref="CdfSearch"/>), grown as larger counts turn up (a pipeline's monthly counts are small).</summary>
    private double[]?[] _byTrials = [];

    public double Probability { get; } = probability;

    /// <summary>The count <see cref="Distributions.Binomial"/> gives for these trials and uniform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Sample(int trials, double uniform)
    {
        if (trials <= 0 || Probability <= 0)
        {
            return 0;
        }

        if (trials > MaxTabulatedTrials || !(Probability < 1))
        {
            // Certain success, a NaN probability, or more trials than tabulated: the loop itself answers.
            return Distributions.Binomial(trials, Probability, uniform);
        }

        if (trials >= _byTrials.Length)
        {
            Array.Resize(ref _byTrials, Math.Min(MaxTabulatedTrials + 1, Math.Max(trials + 1, 2 * _byTrials.Length)));
        }

        var k = CdfSearch.FirstAtLeast(_byTrials[trials] ??= Build(trials), uniform);
        return k < trials ? k : trials;
    }

    private double[] Build(int n)
    {
        var probability = Probability;
        var q = 1 - probability;
        var p = Math.Pow(q, n);
        var cdf = new double[n];
        var sum = p;
        cdf[0] = sum;
        for (var k = 0; k + 1 < n; k++)
        {
            p *= (double)(n - k) / (k + 1) * probability / q;
            sum += p;
            cdf[k + 1] = sum;
        }

        return CdfSearch.Padded(cdf);
    }
}
