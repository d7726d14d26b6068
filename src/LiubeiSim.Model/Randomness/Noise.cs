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
}
