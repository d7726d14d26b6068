using System.CommandLine;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Cli.Running;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Keys;

namespace LiubeiSim.Cli.Keys;

/// <summary><c>liubeisim keys create|list|revoke|generate</c>: the API keys of a service, in its data directory or through its cluster.</summary>
public static class KeysCommand
{
    public static RootCommand AddKeysCommand(this RootCommand root, CliConsole console)
    {
        var keys = new Command("keys", "The API keys of a LiubeiSim service: who may read (viewer), also run (planner) or do anything (admin)\n" +
            "through its HTTP API, sent as `Authorization: Bearer KEY`. Only a hash of each key is kept.\n\n" +
            "A `liubeisim serve` with no keys, listening on loopback only, lets anyone on this machine in without one; once a\n" +
            "key exists, every request needs one. A serve listening beyond loopback will not start without a key.\n\n" +
            "Where the keys are:\n" +
            "  --data DIR      the data directory of a serve that is not running (default: serve's default directory)\n" +
            "  --cluster URL   a running cluster: gateway://HOST:PORT (a serve's gateway) or redis://HOST:PORT\n\n" +
            "Examples:\n" +
            "  liubeisim keys create --name alice --role planner\n" +
            "  liubeisim keys create --name ops --role admin --cluster gateway://127.0.0.1:30000\n" +
            "  liubeisim keys list\n" +
            "  liubeisim keys revoke alice\n" +
            "  curl -H \"Authorization: Bearer $KEY\" http://127.0.0.1:5180/api/runs");
        keys.Subcommands.Add(Create(console));
        keys.Subcommands.Add(List(console));
        keys.Subcommands.Add(Revoke(console));
        keys.Subcommands.Add(Generate(console));
        root.Subcommands.Add(keys);
        return root;
    }

    /// <summary>The options that say where the keys are, added to <paramref name="command"/>, which refuses both at once.</summary>
    private static Func<ParseResult, KeysTarget> Where(Command command)
    {
        var data = new Option<string?>("--data")
        {
            Description = "The data directory of a `liubeisim serve` that is not running (a running one holds it: use --cluster). " +
                "Default: serve's default, ~/.local/share/liubeisim on Linux.",
            HelpName = "DIR",
        };
        var cluster = ClusterOption.Address(
            $"A running cluster instead: gateway://HOST:PORT (a serve's gateway, port default {GatewayClusterAddress.DefaultPort}) or redis://HOST:PORT (the cluster's Redis).");
        var clusterId = ClusterOption.Id();
        command.Options.Add(data);
        command.Options.Add(cluster);
        command.Options.Add(clusterId);
        command.Validators.Add(result =>
        {
            if (result.GetResult(data) is not null && result.GetResult(cluster) is not null)
            {
                result.AddError("--data and --cluster: give one; --data for the directory of a serve that is not running, --cluster for a running one");
            }
        });
        return parse => new KeysTarget(parse.GetValue(cluster), parse.GetValue(clusterId) ?? ClusterOption.DefaultId, parse.GetValue(data));
    }

    private static Command Create(CliConsole console)
    {
        var name = new Option<string>("--name")
        {
            Description = $"The key's name: letters, digits, '.', '_' and '-' (at most {ApiKeyNames.MaxLength}). It owns the runs the key submits; never reused.",
            HelpName = "NAME",
            Required = true,
        };
        name.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (ApiKeyNames.Problem(text) is { } problem)
            {
                result.AddError($"--name '{text}': {problem}");
            }
        });
        var role = new Option<string>("--role")
        {
            Description = "viewer reads runs, comparisons and sweeps; planner also submits them and cancels its own; admin does everything (anyone's runs, keys, the dashboard).",
            HelpName = "viewer|planner|admin",
            Required = true,
        };
        role.AcceptOnlyFromAmong([.. ApiKeyNames.Roles]);
        var command = new Command("create", "Create a key and print it on stdout, once: only its hash is kept, so it cannot be shown again.\n\n" +
            "Examples:\n" +
            "  liubeisim keys create --name alice --role planner\n" +
            "  liubeisim keys create --name grafana --role viewer --data /srv/liubeisim\n" +
            "  liubeisim keys create --name ops --role admin --cluster gateway://127.0.0.1:30000\n" +
            "  KEY=$(liubeisim keys create --name ci --role planner)     the key alone is on stdout")
        {
            name, role,
        };
        var where = Where(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            ApiKeyNames.TryParseRole(parse.GetValue(role), out var parsed);
            return await KeysExecutor.CreateAsync(where(parse), parse.GetValue(name)!, parsed, console, interrupt.Token);
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List the keys: name, role, when each was created and revoked (UTC). Never a key or its hash.\n\n" +
            "Examples:\n" +
            "  liubeisim keys list\n" +
            "  liubeisim keys list --cluster gateway://127.0.0.1:30000");
        var where = Where(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await KeysExecutor.ListAsync(where(parse), console, interrupt.Token);
        });
        return command;
    }

    private static Command Revoke(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The key's name, as `liubeisim keys list` shows it." };
        var command = new Command("revoke", $"Revoke a key: every host refuses it within {KeyRevocation.WithinSeconds} seconds. Its record stays, so its name stays taken\n" +
            "and its runs keep their owner. Exit 0 when revoked, 1 when there is no such key or it was revoked before.\n\n" +
            "Examples:\n" +
            "  liubeisim keys revoke alice\n" +
            "  liubeisim keys revoke alice --cluster redis://127.0.0.1:6379")
        {
            name,
        };
        var where = Where(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var interrupt = new InterruptSignal(cancellationToken);
            return await KeysExecutor.RevokeAsync(where(parse), parse.GetValue(name)!, console, interrupt.Token);
        });
        return command;
    }

    private static Command Generate(CliConsole console)
    {
        var command = new Command("generate", "Print a new random key on stdout without storing it anywhere: for the setting Identity:AdminKey, the\n" +
            "admin key a cluster's hosts record when they start (how a cluster that listens beyond loopback gets its first key).\n\n" +
            "Examples:\n" +
            "  liubeisim keys generate\n" +
            "  kubectl -n liubeisim create secret generic liubeisim-admin-key --from-literal=key=\"$(liubeisim keys generate)\"");
        command.SetAction(_ =>
        {
            console.Raw.WriteLine(ApiKeyText.Generate());
            return 0;
        });
        return command;
    }
}

/// <summary>Where a <c>keys</c> subcommand finds the keyring: a running cluster, or else a data directory (null: the default one).</summary>
public sealed record KeysTarget(ClusterAddress? Cluster, string ClusterId, string? DataDirectory);
