using LiubeiSim.Model.Numerics;

namespace LiubeiSim.Model.Randomness;

/// <summary>
/// The model's random draws, or their expected values when switched off. The control path is the same step functions
/// run with noise off: a normal draw is 0, a mean-one factor is 1, and a Poisson or binomial count is its mean (so
/// counts may be fractional there). With noise on, every draw is a pure function of (stream key, replication).
/// </summary>
public readonly record struct Noise(bool On)
{
    public static Noise Enabled { get; } = new(true);

    public static Noise Off { get; } = new(false);

    /// <summary>A standard normal draw, or 0.</summary>
    public double Normal(ulong streamKey, int replication) => On ? CounterRandom.Normal(streamKey, replication) : 0;

    /// <summary>A lognormal factor with mean one, exp(σz − σ²/2): positive whatever the draw, so no floor is needed; 1 when off.</summary>
    public double MeanOneFactor(double sigma, ulong streamKey, int replication) =>
        On ? Math.Exp((sigma * CounterRandom.Normal(streamKey, replication)) - (sigma * sigma / 2)) : 1;

    /// <summary>A Poisson count with the given mean (inverse CDF, monotone in the mean), or the mean itself.</summary>
    public double Poisson(double mean, ulong streamKey, int replication) =>
        On ? Distributions.Poisson(mean, CounterRandom.Uniform(streamKey, replication)) : Math.Max(0, mean);

    /// <summary>A binomial count of <paramref name="trials"/> (a whole number when on), or its mean trials × probability.</summary>
    public double Binomial(double trials, double probability, ulong streamKey, int replication) =>
        On ? Distributions.Binomial((int)trials, probability, CounterRandom.Uniform(streamKey, replication)) : trials * probability;

    /// <summary>Standard normal draws for consecutive replications from <paramref name="firstReplication"/> (the bits of <see cref="Normal"/>), or zeros.</summary>
    public void Normals(ulong streamKey, int firstReplication, Span<double> into)
    {
        if (On)
        {
            BatchDraws.Normals(streamKey, firstReplication, into);
        }
        else
        {
            into.Clear();
        }
    }

    /// <summary>Uniforms for consecutive replications, for the count draws below; with noise off they are never read, so none are drawn.</summary>
    public void Uniforms(ulong streamKey, int firstReplication, Span<double> into)
    {
        if (On)
        {
            BatchDraws.Uniforms(streamKey, firstReplication, into);
        }
    }

    /// <summary><see cref="MeanOneFactor"/> on a normal draw already made: exp(σz − σ²/2), or 1.</summary>
    public double Factor(double sigma, double z) => On ? Math.Exp((sigma * z) - (sigma * sigma / 2)) : 1;

    /// <summary>
    /// <see cref="Factor"/> for a run of normal draws, in place: each draw becomes exp(σz − σ²/2), with the bits of
    /// <see cref="Factor"/> one at a time; all ones when off.
    /// </summary>
    public void Factors(double sigma, Span<double> draws)
    {
        if (!On)
        {
            draws.Fill(1);
            return;
        }

        var half = sigma * sigma / 2;
        for (var j = 0; j < draws.Length; j++)
        {
            draws[j] = (sigma * draws[j]) - half;
        }

        Exponentials.Exp(draws, draws);
    }

    /// <summary><see cref="Poisson(double, ulong, int)"/> on a uniform already drawn.</summary>
    public double Poisson(double mean, double uniform) => On ? Distributions.Poisson(mean, uniform) : Math.Max(0, mean);

    /// <summary>A Poisson count from a table built for its mean (the bits of <see cref="Poisson(double, ulong, int)"/>) on a uniform already drawn, or the mean itself.</summary>
    public double Poisson(PoissonTable table, double uniform) => On ? table.Sample(uniform) : Math.Max(0, table.Mean);

    /// <summary>A binomial count from tables built for its probability (the bits of <see cref="Binomial(double, double, ulong, int)"/>) on a uniform already drawn, or its mean.</summary>
    public double Binomial(BinomialTables tables, double trials, double uniform) => On ? tables.Sample((int)trials, uniform) : trials * tables.Probability;
}
