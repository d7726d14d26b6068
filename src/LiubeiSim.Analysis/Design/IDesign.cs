namespace LiubeiSim.Analysis.Design;

/// <summary>A set of points at which the model is run, each a value per factor.</summary>
public interface IDesign
{
    /// <summary>The factors, in the order of each point's values.</summary>
    IReadOnlyList<Factor> Factors { get; }

    /// <summary>Number of points, hence of model evaluations.</summary>
    int Count { get; }

    /// <summary>
    /// The points in the design's documented order; each is a fresh double[] with one value per factor, in factor order.
    /// The same design always gives the same points.
    /// </summary>
    IReadOnlyList<double[]> Points();
}
