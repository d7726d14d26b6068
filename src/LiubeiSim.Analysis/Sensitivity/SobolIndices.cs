using LiubeiSim.Aggregation;
using LiubeiSim.Analysis.Design;

namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>First-order and total Sobol index of one factor, with bootstrap confidence intervals.</summary>
/// <param name="Factor">The factor's name.</param>
/// <param name="First">S_i: the share of the output variance explained by this factor alone.</param>
/// <param name="FirstCiLow">Lower end of the percentile bootstrap interval of S_i.</param>
/// <param name="FirstCiHigh">Upper end of that interval.</param>
/// <param name="Total">S_Ti: the share of variance involving this factor, interactions included.</param>
/// <param name="TotalCiLow">Lower end of the percentile bootstrap interval of S_Ti.</param>
/// <param name="TotalCiHigh">Upper end of that interval.</param>
public sealed record SobolIndex(
    string Factor,
    double First,
    double FirstCiLow,
    double FirstCiHigh,
    double Total,
    double TotalCiLow,
    double TotalCiHigh);

/// <summary>Sobol sensitivity indices from the outputs of a <see cref="SaltelliDesign"/>.</summary>
/// <remarks>
/// <para>
/// With f_A, f_B and f_ABi the outputs at the rows of A, B and AB_i, and V the variance of the 2N outputs of A and B
/// together (divided by 2N), and m their mean: first order by Saltelli et al. (2010) with f_B centred, S_i = mean_j
/// (f_B − m)(f_ABi − f_A) / V (centring keeps the indices of y + c those of y, as SALib's normalised outputs do); total by
/// Jansen (1999), S_Ti = mean_j (f_A − f_ABi)² / 2 / V. Estimates are not clipped, so sampling error can put them a
/// little outside [0, 1].
/// </para>
/// <para>
/// Confidence intervals are percentile bootstrap intervals (type-7 quantiles): the N rows are resampled with
/// replacement, a row carrying its A, B and every AB_i output together, and both indices re-estimated on each resample.
/// </para>
/// <para>
/// Zero variance: when every output of A and B is the same number, no factor explains anything and every index and
/// interval end is 0 rather than 0/0. A bootstrap resample whose A and B outputs are all equal counts as 0 the same way.
/// </para>
/// </remarks>
public static class SobolIndices
{
    /// <summary>The default number of bootstrap resamples.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>The default confidence level of the intervals.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>One index per factor, in factor order.</summary>
    /// <param name="design">The design the outputs were computed on.</param>
    /// <param name="outputs">The model output at each of the design's points, in <see cref="SaltelliDesign.Points"/> order, all finite.</param>
    /// <param name="seed">The seed of the bootstrap resampling.</param>
    /// <param name="resamples">Number of bootstrap resamples, 1 to 1,000,000.</param>
    /// <param name="confidenceLevel">Coverage of the intervals, in (0, 1).</param>
    /// <exception cref="ArgumentException">The number of outputs differs from the design's count, or an output is NaN or infinite.</exception>
    public static IReadOnlyList<SobolIndex> Compute(
        SaltelliDesign design,
        IReadOnlyList<double> outputs,
        ulong seed,
        int resamples = DefaultResamples,
        double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resamples, 1_000_000);
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie strictly between 0 and 1.");
        }

        if (outputs.Count != design.Count)
        {
            throw new ArgumentException($"The design has {design.Count} points but {outputs.Count} outputs were given.", nameof(outputs));
        }

        for (var p = 0; p < outputs.Count; p++)
        {
            if (!double.IsFinite(outputs[p]))
            {
                throw new ArgumentException($"Output {p} is {outputs[p]}; every output must be a finite number.", nameof(outputs));
            }
        }

        var blocks = new Blocks(design, outputs);
        var k = design.Factors.Count;
        var n = design.BaseSamples;

        var first = new double[k];
        var total = new double[k];
        var rows = Enumerable.Range(0, n).ToArray();
        blocks.Estimate(rows, first, total);

        // Resample-major, so each factor's resampled values are contiguous for the quantiles.
        var firstSamples = new double[k * resamples];
        var totalSamples = new double[k * resamples];
        var random = new SplitMix64(seed);
        var resampledFirst = new double[k];
        var resampledTotal = new double[k];
        for (var b = 0; b < resamples; b++)
        {
            for (var j = 0; j < n; j++)
            {
                rows[j] = random.NextBelow(n);
            }

            blocks.Estimate(rows, resampledFirst, resampledTotal);
            for (var i = 0; i < k; i++)
            {
                firstSamples[i * resamples + b] = resampledFirst[i];
                totalSamples[i * resamples + b] = resampledTotal[i];
            }
        }

        var tail = (1 - confidenceLevel) / 2;
        double[] probabilities = [tail, 1 - tail];
        var firstBounds = new double[2];
        var totalBounds = new double[2];
        var indices = new SobolIndex[k];
        for (var i = 0; i < k; i++)
        {
            Quantiles.Compute(firstSamples.AsSpan(i * resamples, resamples), probabilities, firstBounds);
            Quantiles.Compute(totalSamples.AsSpan(i * resamples, resamples), probabilities, totalBounds);
            indices[i] = new SobolIndex(
                design.Factors[i].Name,
                first[i],
                firstBounds[0],
                firstBounds[1],
                total[i],
                totalBounds[0],
                totalBounds[1]);
        }

        return indices;
    }

    /// <summary>The outputs split into the design's blocks, and the estimators over any multiset of rows.</summary>
    private sealed class Blocks
    {
        private readonly double[] a;
        private readonly double[] b;
        private readonly double[][] ab;

        public Blocks(SaltelliDesign design, IReadOnlyList<double> outputs)
        {
            var n = design.BaseSamples;
            a = Slice(outputs, 0, n);
            b = Slice(outputs, n, n);
            ab = [.. Enumerable.Range(0, design.Factors.Count).Select(i => Slice(outputs, (2 + i) * n, n))];
        }

        /// <summary>S_i and S_Ti over the given rows (repeats allowed), written to first and total.</summary>
        public void Estimate(int[] rows, double[] first, double[] total)
        {
            var n = rows.Length;
            double sum = 0, lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
            foreach (var j in rows)
            {
                sum += a[j] + b[j];
                lowest = Math.Min(lowest, Math.Min(a[j], b[j]));
                highest = Math.Max(highest, Math.Max(a[j], b[j]));
            }

            // Compared exactly: with equal values the two-pass variance could still be a rounding crumb, not 0.
            if (lowest == highest)
            {
                Array.Clear(first);
                Array.Clear(total);
                return;
            }

            var mean = sum / (2 * n);
            double squares = 0;
            foreach (var j in rows)
            {
                squares += (a[j] - mean) * (a[j] - mean) + (b[j] - mean) * (b[j] - mean);
            }

            var variance = squares / (2 * n);
            for (var i = 0; i < first.Length; i++)
            {
                var abi = ab[i];
                double firstSum = 0, totalSum = 0;
                foreach (var j in rows)
                {
                    // f_B centred: E[f_ABi − f_A] = 0, so this is the same estimator in expectation, but one that a
                    // constant added to the output cannot move (uncentred, an output of mean 1,000 and spread 10 gave S_i = 7).
                    firstSum += (b[j] - mean) * (abi[j] - a[j]);
                    totalSum += (a[j] - abi[j]) * (a[j] - abi[j]);
                }

                first[i] = firstSum / n / variance;
                total[i] = totalSum / (2 * n) / variance;
            }
        }

        private static double[] Slice(IReadOnlyList<double> outputs, int start, int length)
        {
            var slice = new double[length];
            for (var j = 0; j < length; j++)
            {
                slice[j] = outputs[start + j];
            }

            return slice;
        }
    }
}
