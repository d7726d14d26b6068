using System.Diagnostics;
using LiubeiSim.Chaos;

namespace LiubeiSim.Chaos.Tests;

/// <summary>
/// The chaos trials of tests/chaos, as the test suite runs them: three kills of a random silo at a random month, one
/// kill of the silo holding the run's grain, one rolling restart; each run's files must equal the in-process engine's.
/// `tests/chaos/run.sh --trials 20` runs more.
/// </summary>
public sealed class ChaosTests(ChaosTests.Cluster cluster) : IClassFixture<ChaosTests.Cluster>
{
    [Theory]
    [InlineData(1, 11)]
    [InlineData(2, 22)]
    [InlineData(3, 33)]
    public async Task Killing_a_random_silo_at_a_random_month_gives_the_in_process_files(int trial, int seed)
    {
        var outcome = await cluster.Trials.RunAsync(trial, TrialKind.KillRandom, new Random(seed), TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(outcome.ToString());
        Assert.True(outcome.Identical, outcome.ToString());
    }

    [Fact]
    public async Task Killing_the_silo_that_holds_the_run_grain_gives_the_in_process_files()
    {
        var outcome = await cluster.Trials.RunAsync(4, TrialKind.KillRunGrain, new Random(44), TestContext.Current.CancellationToken);

        Assert.True(outcome.Identical, outcome.ToString());
        Assert.Contains("restarts 1", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_during_one_run_gives_the_in_process_files()
    {
        var outcome = await cluster.Trials.RunAsync(5, TrialKind.Rolling, new Random(55), TestContext.Current.CancellationToken);

        Assert.True(outcome.Identical, outcome.ToString());
    }

    /// <summary>One cluster for the class: starting three silos costs more than a trial.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private ChaosCluster? _cluster;

        public ChaosTrials Trials { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _cluster = await ChaosCluster.StartAsync(RedisServer(), TextWriter.Null, TestContext.Current.CancellationToken);
            Trials = new ChaosTrials(_cluster, ChaosRun.Default, TextWriter.Null);
        }

        public async ValueTask DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }

        /// <summary>Debian's redis-server: missing in CI is a failure naming the package, elsewhere a skip saying what to install.</summary>
        private static string RedisServer()
        {
            string[] candidates = ["/usr/bin/redis-server", .. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "redis-server"))];
            if (candidates.FirstOrDefault(File.Exists) is { } found)
            {
                return found;
            }

            const string message = "`redis-server` was not found: install the Debian package `redis-server` (apt-get install -y redis-server).";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
            throw new UnreachableException();
        }
    }
}
