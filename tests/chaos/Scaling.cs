using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LiubeiSim.Aggregation;
using LiubeiSim.Model.District;
using LiubeiSim.Model.Steps;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Parameters;

namespace LiubeiSim.Chaos;

/// <summary>
/// The measurements behind docs/scaling.md: one run's replication-months per second on 1, 2 and 3 silos (separate
/// processes, one Redis, all on this machine, so the same cores), and the message and byte counts of a shard-month.
/// </summary>
public static class Scaling
{
    public static async Task<int> MeasureAsync(string redisServer, ChaosRun run, int repeats, TextWriter output, CancellationToken cancellationToken)
    {
        var scenario = run.Resolve();
        var parameters = ModelParameters.Build(BaseYearDataset.Default, scenario, null);
        var entities = DistrictModel.Kinds.Sum(kind => kind.Ids(parameters).Count);
        var perShard = (double)run.Replications / run.Shards;
        output.WriteLine($"run: {run}; {Environment.ProcessorCount} cores; load {Load()}");
        output.WriteLine($"per shard-month: {ShardParts.Of(new ReplicationBlock(0, (int)Math.Ceiling(perShard))).Length} part(s) of {entities} entity calls + 1 district reduce inside the shard's silo (prefer-local), 1 AdvanceMonth call from the run grain");
        output.WriteLine($"per shard-month: the run grain receives {SeriesLayout.Count} series x {perShard:0} replications x 8 bytes = {SeriesLayout.Count * perShard * 8 / 1024:0} KiB of values");
        for (var silos = 1; silos <= ChaosCluster.Silos; silos++)
        {
            await using var cluster = await ChaosCluster.StartAsync(redisServer, TextWriter.Null, cancellationToken, silos);
            for (var i = 0; i < repeats; i++)
            {
                var silo = cluster.AnyLive();
                var clock = Stopwatch.StartNew();
                using var response = await cluster.Http.PostAsJsonAsync(
                    new Uri(silo.Address!, "/api/runs"),
                    new { scenario = run.Scenario, set = run.Settings, replications = run.Replications, seed = run.Seed, shards = run.Shards },
                    cancellationToken);
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("id").GetString()!;
                JsonElement status;
                do
                {
                    await Task.Delay(100, cancellationToken);
                    status = await cluster.GetJsonAsync(silo, $"/api/runs/{id}", cancellationToken);
                }
                while (status.GetProperty("status").GetString() is "queued" or "running");

                var wall = clock.Elapsed.TotalSeconds;
                var simulated = status.GetProperty("elapsedSeconds").GetDouble();
                var replicationMonths = (double)run.Replications * run.Months;
                output.WriteLine($"silos {silos}, run {i + 1}: {status.GetProperty("status").GetString()}, simulation {simulated:0.00} s, {replicationMonths / simulated:N0} replication-months/s (wall {wall:0.00} s, load {Load()})");
            }
        }

        return 0;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
