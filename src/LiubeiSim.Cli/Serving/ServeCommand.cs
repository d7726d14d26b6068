using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Identity;

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
        var siloPort = NumberOptions.Int(
            "--silo-port", string.Empty, 1, 65535,
            $"Port the other silos of the cluster reach this one on (1 to 65535; setting Orleans:SiloPort). Default: {ClusterSettings.DefaultSiloPort}. " +
            "Without --cluster a taken default moves to a free port, and says so; a port given never moves: serve stops if it is taken.");
        var gatewayPort = NumberOptions.Int(
            "--gateway-port", string.Empty, 1, 65535,
            $"Port Orleans clients connect to (1 to 65535; setting Orleans:GatewayPort). Default: {ClusterSettings.DefaultGatewayPort}, moving as --silo-port's does.");
        var data = new Option<string?>("--data")
        {
            Description = "Where the service keeps its runs without --cluster (a SQLite file, liubeisim.db), locked while it serves " +
                "(one serve per directory; setting Orleans:Data). Default: the user's local data folder, ~/.local/share/liubeisim on Linux.",
            HelpName = "DIR",
        };
        var cluster = new Option<ClusterAddress?>("--cluster")
        {
            Description = $"Join the cluster whose membership and grain state are in this Redis: {RedisClusterAddress.Scheme}://HOST:PORT or {RedisClusterAddress.Scheme}://:PASSWORD@HOST:PORT, " +
                $"{RedisClusterAddress.TlsScheme}://... over TLS (the port defaults to 6379; setting Orleans:Redis, where a password stays out of the process list). " +
                "Default: a single silo of its own, its runs kept under --data.",
            HelpName = "redis://HOST:PORT",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (ClusterAddress.TryParse(text, out var address, out var problem))
                {
                    if (address is GatewayClusterAddress)
                    {
                        // A gateway is how a client reaches a cluster; silos find each other only through the membership table.
                        result.AddError($"--cluster: a silo joins a cluster through the cluster's Redis (redis://HOST:PORT), not through a gateway; " +
                            $"'{address}' is for clients: `liubeisim run SCENARIO --cluster {address}`, `liubeisim runs list --cluster {address}`");
                        return null;
                    }

                    return address;
                }

                result.AddError($"--cluster: {problem}");
                return null;
            },
        };
        var open = new Option<bool>("--open")
        {
            Description = $"Open the workbench in the browser once serving (the program ${BrowserLauncher.Variable} names, else the desktop's opener).",
        };
        var command = new Command("serve", "Run LiubeiSim as a service: an Orleans silo with the planners' workbench at / (open it in a browser;\n" +
            "zh-CN and English), the run, compare and sweep API, /metrics, /healthz and /readyz.\n\n" +
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
            "Requests send an API key (Authorization: Bearer KEY; see `liubeisim keys --help`). With no keys, a serve that\n" +
            "listens on loopback only lets anyone on this machine in and says so; one that listens beyond it will not start.\n\n" +
            "Ports: HTTP (--urls), silo (--silo-port) and gateway (--gateway-port), each a different one per process on a\n" +
            "machine. /healthz answers while the process runs; /readyz only while the silo is an active member of its cluster\n" +
            "and, with --cluster, the Redis answers. A silo that dies is declared dead by the others in about 10 seconds.\n\n" +
            "Any other host setting can follow as --Section:Key=value, e.g. --Orleans:Dashboard=true (Orleans Dashboard at\n" +
            "/dashboard) or --Logging:LogLevel:Orleans=Information. See deploy/README.md.\n\n" +
            "Examples:\n" +
            "  liubeisim serve                 then open http://127.0.0.1:5180/ (or: liubeisim serve --open)\n" +
            "  liubeisim serve --urls http://127.0.0.1:8080 --Orleans:Dashboard=true\n" +
            "  liubeisim serve --urls http://127.0.0.1:8081 --silo-port 11112 --gateway-port 30001 --data /tmp/second   a second one beside it\n\n" +
            "  Three silos of one cluster on this machine, through a local Redis (redis-server on port 6379):\n" +
            "  liubeisim serve --cluster redis://127.0.0.1:6379 --urls http://127.0.0.1:5101 --silo-port 11101 --gateway-port 30101\n" +
            "  liubeisim serve --cluster redis://127.0.0.1:6379 --urls http://127.0.0.1:5102 --silo-port 11102 --gateway-port 30102\n" +
            "  liubeisim serve --cluster redis://127.0.0.1:6379 --urls http://127.0.0.1:5103 --silo-port 11103 --gateway-port 30103")
        {
            urls,
            siloPort,
            gatewayPort,
            cluster,
            data,
            open,
        };

        // Settings the command does not know by name go to the host's configuration unchanged.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The named options come last, so they win over the same setting given as --Orleans:Key=value.
            var args = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(urls) is { Length: > 0 } given)
            {
                args.Add("--urls");
                args.Add(given);
            }

            if (parse.GetValue(cluster) is RedisClusterAddress redis)
            {
                args.Add($"--{ClusterSettings.Section}:{nameof(ClusterSettings.Redis)}");
                args.Add(redis.ToConnectionString());
            }

            if (parse.GetValue(data) is { Length: > 0 } directory)
            {
                args.Add($"--{ClusterSettings.Section}:Data={directory}");
            }

            if (parse.GetValue(siloPort) is { } silo)
            {
                args.Add(string.Create(CultureInfo.InvariantCulture, $"--{ClusterSettings.Section}:{nameof(ClusterSettings.SiloPort)}={silo}"));
            }

            if (parse.GetValue(gatewayPort) is { } gateway)
            {
                args.Add(string.Create(CultureInfo.InvariantCulture, $"--{ClusterSettings.Section}:{nameof(ClusterSettings.GatewayPort)}={gateway}"));
            }

            return await ServeAsync([.. args], parse.GetValue(open), console, cancellationToken);
        });
        root.Subcommands.Add(command);
        return root;
    }

    private static async Task<int> ServeAsync(string[] args, bool openBrowser, CliConsole console, CancellationToken cancellationToken)
    {
        WebApplication built;
        try
        {
            built = LiubeiSimHost.Build(args);
        }
        catch (InvalidOperationException e)
        {
            // A setting out of range or of the wrong type: the message names it.
            console.Error.WriteLine($"liubeisim serve: {e.Message}");
            return 1;
        }

        await using var app = built;

        // Asked before anything starts, so a held data directory or a taken HTTP address is one line, not the framework's
        // stack traces on stdout followed by ours (the real lock and bind come at start, and fail the same way).
        if (StartProblem(app) is { } problem)
        {
            console.Error.WriteLine($"liubeisim serve: {problem}");
            return 1;
        }

        foreach (var notice in app.Services.GetRequiredService<SiloPorts>().Notices)
        {
            console.Error.WriteLine($"liubeisim serve: {notice}");
        }

        // Asked before starting, so a taken port is one line rather than the framework's stack traces, then ours.
        var ports = app.Services.GetRequiredService<SiloPortCheck>();
        if (ports.FindTaken() is { } taken)
        {
            console.Error.WriteLine($"liubeisim serve: {taken.Message}");
            return 1;
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An unreachable Redis, an HTTP address in use, a port taken since it was checked: one line that says what.
            var why = PortTaken(e, ports) ?? IdentityStartException.In(e)?.Message ?? $"the host did not start: {e.Message}";
            if (IdentityStartException.In(e) is not null)
            {
                // Refused after the silo started (the check reads the keyring): stop it in order rather than by disposal.
                await app.StopAsync(CancellationToken.None);
            }

            console.Error.WriteLine($"liubeisim serve: {why}");
            return 1;
        }

        console.Error.WriteLine($"LiubeiSim is serving on {string.Join(", ", app.Urls)}; Ctrl+C stops it.");
        var workbench = WorkbenchAddress(app.Urls);
        console.Error.WriteLine($"The workbench: {workbench}");
        if (openBrowser && BrowserLauncher.TryOpen(workbench) is { } notOpened)
        {
            console.Error.WriteLine($"liubeisim serve: could not open a browser: {notOpened}; open {workbench} yourself.");
        }

        if (app.OpenAccessNotice() is { } open)
        {
            console.Error.WriteLine($"liubeisim serve: {open}");
        }
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    /// <summary>The address a browser on this machine opens: the first one served, with a wildcard host read as loopback.</summary>
    internal static Uri WorkbenchAddress(ICollection<string> urls)
    {
        var first = new UriBuilder(urls.First());
        if (first.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
        {
            first.Host = "127.0.0.1";
        }

        first.Path = "/";
        return first.Uri;
    }

    /// <summary>A data directory another process holds, or an HTTP address already in use; null when neither.</summary>
    private static string? StartProblem(WebApplication app)
    {
        var settings = ClusterSettings.From(app.Configuration);
        if (!settings.UsesRedis)
        {
            try
            {
                using var held = DataDirectory.Lock(DataDirectory.Resolve(settings.DataDirectory));
            }
            catch (DataDirectoryException e)
            {
                return e.Message;
            }
        }

        // The addresses Kestrel will bind: app.Urls is only filled at start.
        var urls = (app.Configuration["urls"] ?? ListenAddressExtensions.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address)
                && FreePorts.IsInUse(new IPEndPoint(address, uri.Port)))
            {
                return $"the HTTP address {url} is already in use (another liubeisim serve?); choose another with --urls {uri.Scheme}://{uri.Host}:PORT";
            }
        }

        return null;
    }

    /// <summary>
    /// What to say when the start failed on one of the silo's ports, or null: its own check's verdict, or a bind that
    /// failed with "address in use" (an inner <see cref="SocketException"/>, what Orleans' listener throws) before the
    /// silo was listening. Kestrel's HTTP address in use fails the same way, but after the silo listens.
    /// </summary>
    private static string? PortTaken(Exception failure, SiloPortCheck ports)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SiloPortInUseException known:
                    return known.Message;
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } when !ports.SiloListening:
                    return ports.DescribeTakenWhileStarting();
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Select(inner => PortTaken(inner, ports)).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
