namespace LiubeiSim.Analysis.Sensitivity;

/// <summary>How the probability of meeting the target moves with the lever, judged from the two ends of the range.</summary>
public enum GoalDirection
{
    /// <summary>Higher at the upper end: the answer is the smallest lever value that meets the goal.</summary>
    Increasing,

    /// <summary>Higher at the lower end: the answer is the largest lever value that meets the goal.</summary>
    Decreasing,

    /// <summary>Equal at both ends.</summary>
    Flat,
}

/// <summary>The outcome of a <see cref="GoalSeek"/>.</summary>
/// <param name="Value">The lever value found; when not reached, the end of the range with the higher probability.</param>
/// <param name="Probability">The probability measured at <paramref name="Value"/>.</param>
/// <param name="Runs">How many times the probability was evaluated, the two ends included.</param>
/// <param name="Reached">Whether the probability at Value meets the required probability.</param>
/// <param name="Direction">How the probability moves with the lever, from the two ends.</param>
public sealed record GoalSeekResult(double Value, double Probability, int Runs, bool Reached, GoalDirection Direction);

/// <summary>
/// Finds the lever value at which the probability of meeting a target first reaches a required level: the smallest
/// value in [min, max] with probability ≥ p when the probability rises with the lever, the largest when it falls.
/// </summary>
/// <remarks>
/// <para>
/// The probability is assumed monotone in the lever, and is expected to be evaluated with common random numbers, so
/// it is a deterministic step function of the value and bisection on it is sound.
/// </para>
/// <para>
/// Both ends are evaluated first. If neither meets p, the result is not reached and carries the better end (the lower
/// end on a tie). If both meet p, the whole range does, and the result is the end where the goal is met most narrowly:
/// the lower end when the probability rises with the lever or is flat, the upper end when it falls. Otherwise
/// bisection keeps a bracket of one value that meets p and one that does not, and stops when the bracket is no wider
/// than the tolerance, when the evaluations are used up, or when the bracket cannot be split further in floating point.
/// The result is always the bracket's end that meets p, so a reached Value meets the goal and lies within the final
/// bracket width of the threshold.
/// </para>
/// </remarks>
public static class GoalSeek
{
    /// <summary>The default cap on evaluations, the two ends included.</summary>
    public const int DefaultMaxEvaluations = 40;

    /// <param name="probabilityAt">The probability of meeting the target at a lever value, in [0, 1].</param>
    /// <param name="min">Lower end of the lever's range, finite.</param>
    /// <param name="max">Upper end, finite and above <paramref name="min"/>.</param>
    /// <param name="requiredProbability">p, in [0, 1].</param>
    /// <param name="tolerance">Bracket width at which to stop, positive; null for (max − min)/1000.</param>
    /// <param name="maxEvaluations">Cap on evaluations, the two ends included, 2 to 1,000.</param>
    /// <param name="cancellationToken">Cancels between and, through probabilityAt, during evaluations.</param>
    /// <exception cref="InvalidOperationException">probabilityAt returned a value that is not a probability.</exception>
    public static async Task<GoalSeekResult> FindAsync(
        Func<double, CancellationToken, Task<double>> probabilityAt,
        double min,
        double max,
        double requiredProbability,
        double? tolerance = null,
        int maxEvaluations = DefaultMaxEvaluations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probabilityAt);
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
        {
            throw new ArgumentException($"The range [{min}, {max}] must be finite with min < max.", nameof(max));
        }

        if (!(requiredProbability >= 0 && requiredProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(requiredProbability), requiredProbability, "The required probability must lie in [0, 1].");
        }

        var width = tolerance ?? (max - min) / 1000;
        if (!double.IsFinite(width) || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a positive finite number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvaluations, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxEvaluations, 1000);

        async Task<double> Evaluate(double value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var probability = await probabilityAt(value, cancellationToken).ConfigureAwait(false);
            if (!(probability >= 0 && probability <= 1))
            {
                throw new InvalidOperationException($"The probability at {value} came back as {probability}, outside [0, 1].");
            }

            return probability;
        }

        var atMin = await Evaluate(min).ConfigureAwait(false);
        var atMax = await Evaluate(max).ConfigureAwait(false);
        var runs = 2;
        var direction = atMax > atMin ? GoalDirection.Increasing : atMax < atMin ? GoalDirection.Decreasing : GoalDirection.Flat;
        var minMeets = atMin >= requiredProbability;
        var maxMeets = atMax >= requiredProbability;

        if (!minMeets && !maxMeets)
        {
            return direction == GoalDirection.Increasing
                ? new GoalSeekResult(max, atMax, runs, false, direction)
                : new GoalSeekResult(min, atMin, runs, false, direction);
        }

        if (minMeets && maxMeets)
        {
            return direction == GoalDirection.Decreasing
                ? new GoalSeekResult(max, atMax, runs, true, direction)
                : new GoalSeekResult(min, atMin, runs, true, direction);
        }

        // Exactly one end meets p, and it fixes the direction.
        var (meets, misses, atMeets) = maxMeets ? (max, min, atMax) : (min, max, atMin);
        while (Math.Abs(meets - misses) > width && runs < maxEvaluations)
        {
            var middle = misses + (meets - misses) / 2;
            if (middle == meets || middle == misses)
            {
                break;
            }

            var atMiddle = await Evaluate(middle).ConfigureAwait(false);
            runs++;
            if (atMiddle >= requiredProbability)
            {
                (meets, atMeets) = (middle, atMiddle);
            }
            else
            {
                misses = middle;
            }
        }

        return new GoalSeekResult(meets, atMeets, runs, true, direction);
    }
}
