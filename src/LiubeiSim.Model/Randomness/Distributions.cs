using System.Runtime.CompilerServices;

namespace LiubeiSim.Model.Randomness;

/// <summary>Inverse-CDF transforms: one uniform in, one variate out, so a draw never consumes a variable number of uniforms.</summary>
public static class Distributions
{
    /// <summary>The most events a Poisson draw can return.</summary>
    public const int MaxPoissonCount = 10_000;

    /// <summary>Means above this are drawn by the normal approximation: exact inversion would underflow exp(−mean).</summary>
    public const double NormalApproximationAbove = 500;

    /// <summary>Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double InverseNormal(double p)
    {
        const double pLow = 0.02425;
        const double pHigh = 1 - pLow;
        if (p < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
                   ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }

        if (p <= pHigh)
        {
            var q = p - 0.5;
            var r = q * q;
            return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
                   (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
                    ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
    }

    /// <summary>Poisson variate by inversion of the CDF: monotone in the uniform and in the mean, which keeps
    /// common-random-number comparisons between scenarios ordered (more mean never gives fewer events).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Poisson(double mean, double uniform)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > NormalApproximationAbove)
        {
            // Normal approximation with continuity correction; exact inversion would underflow exp(-mean).
            var n = Math.Floor(mean + (Math.Sqrt(mean) * InverseNormal(uniform)) + 0.5);
            return (int)Math.Max(0, n);
        }

        var p = Math.Exp(-mean);
        var cdf = p;
        var k = 0;
        while (uniform > cdf && k < MaxPoissonCount)
        {
            k++;
            p *= mean / k;
            cdf += p;
            if (p < 1e-300 && cdf >= 1 - 1e-15)
            {
                break;
            }
        }

        return k;
    }

    /// <summary>Binomial variate by inversion; n is small here (projects of one month).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Binomial(int n, double probability, double uniform)
    {
        if (n <= 0 || probability <= 0)
        {
            return 0;
        }

        if (probability >= 1)
        {
            return n;
        }

        var q = 1 - probability;
        var p = Math.Pow(q, n);
        var cdf = p;
        var k = 0;
        while (uniform > cdf && k < n)
        {
            p *= (double)(n - k) / (k + 1) * probability / q;
            k++;
            cdf += p;
        }

        return k;
    }
}
