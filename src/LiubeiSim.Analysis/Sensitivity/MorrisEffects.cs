namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>Morris screening measures of one factor.</summary>
/// <param name="Factor">The factor's name.</param>
/// <param name="Mu">μ, the mean elementary effect; effects of opposite sign cancel in it.</param>
/// <param name="MuStar">μ*, the mean absolute elementary effect (Campolongo et al. 2007): the factor's overall influence.</param>
/// <param name="Sigma">σ, the sample standard deviation of the elementary effects: non-linearity or interaction with other factors.</param>
public sealed record MorrisEffect(string Factor, double Mu, double MuStar, double Sigma);

/// <summary>Elementary effects and their summaries from the outputs of a <see cref="MorrisDesign"/>.</summary>
/// <remarks>
/// The elementary effect of the factor moved at a step is (y_after − y_before)/Δ when it moved up and the negative
/// of that when it moved down, with Δ the step on the unit scale: the change in output per whole range of the factor,
/// so effects of factors in different units compare directly. For y = c·x on [min, max] it is c·(max − min).
/// Each factor has one effect per trajectory; σ divides by r − 1.
/// </remarks>
public static class MorrisEffects
{
    /// <summary>One summary per factor, in factor order.</summary>
    /// <param name="design">The design the outputs were computed on.</param>
    /// <param name="outputs">The model output at each of the design's points, in <see cref="MorrisDesign.Points"/> order, all finite.</param>
    /// <exception cref="ArgumentException">The number of outputs differs from the design's count, or an output is NaN or infinite.</exception>
    public static IReadOnlyList<MorrisEffect> Compute(MorrisDesign design, IReadOnlyList<double> outputs)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(outputs);
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

        var k = design.Factors.Count;
        var r = design.Trajectories;
        var effects = new double[k, r];
        for (var t = 0; t < r; t++)
        {
            var first = t * (k + 1);
            for (var s = 0; s < k; s++)
            {
                var (factor, up) = design.Step(t, s);
                var change = (outputs[first + s + 1] - outputs[first + s]) / design.Delta;
                effects[factor, t] = up ? change : -change;
            }
        }

        var summaries = new MorrisEffect[k];
        for (var i = 0; i < k; i++)
        {
            double sum = 0, absoluteSum = 0;
            for (var t = 0; t < r; t++)
            {
                sum += effects[i, t];
                absoluteSum += Math.Abs(effects[i, t]);
            }

            var mean = sum / r;
            double squares = 0;
            for (var t = 0; t < r; t++)
            {
                squares += (effects[i, t] - mean) * (effects[i, t] - mean);
            }

            summaries[i] = new MorrisEffect(design.Factors[i].Name, mean, absoluteSum / r, Math.Sqrt(squares / (r - 1)));
        }

        return summaries;
    }
}
