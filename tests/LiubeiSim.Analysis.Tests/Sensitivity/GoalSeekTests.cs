using LiubeiSim.Analysis.Sensitivity;
using MathNet.Numerics.Distributions;

namespace LiubeiSim.Analysis.Tests.Sensitivity;

public sealed class GoalSeekTests
{
    /// <summary>A share of 1,000 replications meeting a target whose chance is Φ((x − 10)/3): a step function of x.</summary>
    private static double Share(double x) => Math.Floor(1000 * Normal.CDF(10, 3, x)) / 1000;

    /// <summary>The probability function, counting its calls so the test can compare them with Runs.</summary>
    private sealed class Counted(Func<double, double> probability)
    {
        public int Calls { get; private set; }

        public Task<double> At(double x, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(probability(x));
        }
    }

    [Fact]
    public async Task Finds_the_smallest_value_meeting_a_rising_probability()
    {
        var counted = new Counted(Share);
        var threshold = 10 + 3 * Normal.InvCDF(0, 1, 0.9);

        var result = await GoalSeek.FindAsync(counted.At, 0, 30, 0.9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Reached);
        Assert.Equal(GoalDirection.Increasing, result.Direction);
        Assert.InRange(result.Value, threshold, threshold + 0.03);
        Assert.Equal(Share(result.Value), result.Probability);
        Assert.True(result.Probability >= 0.9);
        // 30 halves to 30/2^10 ≤ 30/1000 after 10 bisections, after the 2 ends.
        Assert.Equal(12, result.Runs);
        Assert.Equal(result.Runs, counted.Calls);
    }

    [Fact]
    public async Task Finds_the_largest_value_meeting_a_falling_probability()
    {
        var threshold = 10 - 3 * Normal.InvCDF(0, 1, 0.9);

        var result = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(1 - Share(x)), 0, 30, 0.9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Reached);
        Assert.Equal(GoalDirection.Decreasing, result.Direction);
        Assert.InRange(result.Value, threshold - 0.03, threshold);
        Assert.True(result.Probability >= 0.9);
        Assert.Equal(12, result.Runs);
    }

    [Fact]
    public async Task Not_reachable_when_neither_end_meets_it_and_carries_the_better_end()
    {
        var result = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(Share(x)), 0, 12, 0.9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new GoalSeekResult(12, Share(12), 2, false, GoalDirection.Increasing), result);
        Assert.True(result.Probability < 0.9);
    }

    [Fact]
    public async Task When_the_whole_range_meets_it_the_end_nearest_the_threshold_is_returned()
    {
        var rising = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(Share(x)), 15, 30, 0.9, cancellationToken: TestContext.Current.CancellationToken);
        var falling = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(1 - Share(x)), 0, 5, 0.9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new GoalSeekResult(15, Share(15), 2, true, GoalDirection.Increasing), rising);
        Assert.Equal(new GoalSeekResult(5, 1 - Share(5), 2, true, GoalDirection.Decreasing), falling);
    }

    [Fact]
    public async Task A_flat_probability_is_either_met_everywhere_or_nowhere()
    {
        var met = await GoalSeek.FindAsync((_, _) => Task.FromResult(0.95), 1, 2, 0.9, cancellationToken: TestContext.Current.CancellationToken);
        var missed = await GoalSeek.FindAsync((_, _) => Task.FromResult(0.5), 1, 2, 0.9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new GoalSeekResult(1, 0.95, 2, true, GoalDirection.Flat), met);
        Assert.Equal(new GoalSeekResult(1, 0.5, 2, false, GoalDirection.Flat), missed);
    }

    [Theory]
    [InlineData(1.0, 7, 30.0 / 32)] // 30/2^5 ≤ 1 after 5 bisections
    [InlineData(1e-12, 8, 30.0 / 64)] // capped at 8 evaluations, 6 of them bisections
    public async Task Stops_at_the_tolerance_or_the_evaluation_cap(double tolerance, int runs, double bracket)
    {
        var threshold = 10 + 3 * Normal.InvCDF(0, 1, 0.9);

        var result = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(Share(x)), 0, 30, 0.9, tolerance, maxEvaluations: 8, TestContext.Current.CancellationToken);

        Assert.Equal(runs, result.Runs);
        Assert.True(result.Reached);
        Assert.InRange(result.Value, threshold, threshold + bracket);
    }

    [Fact]
    public async Task Finds_a_sharp_step_to_the_last_bit_with_enough_evaluations()
    {
        var result = await GoalSeek.FindAsync(
            (x, _) => Task.FromResult(x >= 7.3 ? 1.0 : 0.0), 0, 10, 1, tolerance: 1e-300, maxEvaluations: 1000,
            TestContext.Current.CancellationToken);

        Assert.Equal(7.3, result.Value);
        Assert.True(result.Runs < 70, $"{result.Runs} runs");
    }

    [Fact]
    public async Task Rejects_a_value_that_is_not_a_probability() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GoalSeek.FindAsync((_, _) => Task.FromResult(double.NaN), 0, 1, 0.5, cancellationToken: TestContext.Current.CancellationToken));

    [Fact]
    public async Task Rejects_bad_arguments()
    {
        static Task<double> Half(double x, CancellationToken _) => Task.FromResult(0.5);
        var token = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(() => GoalSeek.FindAsync(Half, 1, 1, 0.5, cancellationToken: token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GoalSeek.FindAsync(Half, 0, 1, 1.5, cancellationToken: token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GoalSeek.FindAsync(Half, 0, 1, 0.5, tolerance: 0, cancellationToken: token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => GoalSeek.FindAsync(Half, 0, 1, 0.5, maxEvaluations: 1, cancellationToken: token));
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        using var source = new CancellationTokenSource();
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GoalSeek.FindAsync(
            (x, _) =>
            {
                if (++calls == 3)
                {
                    source.Cancel();
                }

                return Task.FromResult(Share(x));
            },
            0,
            30,
            0.9,
            cancellationToken: source.Token));
        Assert.Equal(3, calls);
    }
}
