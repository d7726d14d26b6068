using System.CommandLine;
using Microsoft.Extensions.Hosting;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Host.Hosting;

namespace LiubeiSim.Cli.Serving;

/// <summary><c>liubeisim serve</c>: runs LiubeiSim as a service, the very host that <c>dotnet run --project src/LiubeiSim.Host</c> starts.</summary>
public static class ServeCommand
{
    public static RootCommand AddServeCommand(this RootCommand root, CliConsole console)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where the HTTP API listens, e.g. http://127.0.0.1:8080 (several separated by ';'). Default: {ListenAddressExtensions.DefaultUrl}, loopback only.",
        };
        var command = new Command("serve", "Run LiubeiSim as a service: an Orleans silo with the run, compare and sweep API, /metrics, /healthz and /readyz.\n\n" +
            "API (docs/api.md; the OpenAPI document at /openapi/v1.json, a reference page at /scalar/):\n" +
            "  POST /api/runs {\"scenario\": \"baseline-2023\", \"set\": [\"levers.sgmw_demand_growth=20\"], \"replications\": 1000}\n" +
            "                                  -> 202 {\"id\": ...}\n" +
            "  GET  /api/runs/ID               status: queued, running, completed, failed or cancelled, with progress 0..1\n" +
            "  GET  /api/runs?status=running   the cluster's runs, newest first, 50 a page (?limit=, ?after=)\n" +
            "  GET  /api/runs/ID/summary.json  the run's files: also indicators.csv and targets.csv\n" +
            "  GET  /api/runs/ID/fan?indicator=industrial_output&scope=district   monthly fan-chart data\n" +
            "  DELETE /api/runs/ID             cancel\n" +
            "  POST /api/compare {\"scenario\": \"sgmw-125-boost\"}   a paired comparison against its control -> compare.json\n" +
            "  POST /api/sweeps {\"spec\": ...}  a sweep spec -> 202; GET /api/sweeps/ID/points.csv (indicators, targets; .parquet)\n\n" +
            "Any other host setting can follow as --Section:Key=value, e.g. --Orleans:Dashboard=true (Orleans Dashboard at\n" +
            "/dashboard) or --Orleans:Redis=127.0.0.1:6379 (join a cluster through Redis). See deploy/README.md.\n\n" +
            "Examples:\n" +
            "  liubeisim serve\n" +
            "  liubeisim serve --urls http://127.0.0.1:8080 --Orleans:Dashboard=true")
        {
            urls,
        };

        // Settings the command does not know by name go to the host's configuration unchanged.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>();
            if (parse.GetValue(urls) is { Length: > 0 } given)
            {
                args.Add("--urls");
                args.Add(given);
            }

            args.AddRange(parse.UnmatchedTokens);
            await using var app = LiubeiSimHost.Build([.. args]);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A port in use or an unreachable Redis: one line that says what, not a stack trace.
                console.Error.WriteLine($"liubeisim serve: the host did not start: {e.Message}");
                return 1;
            }

            console.Error.WriteLine($"LiubeiSim is serving on {string.Join(", ", app.Urls)}; Ctrl+C stops it.");
            try
            {
                await app.WaitForShutdownAsync(cancellationToken);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }

            return 0;
        });
        root.Subcommands.Add(command);
        return root;
    }
}
