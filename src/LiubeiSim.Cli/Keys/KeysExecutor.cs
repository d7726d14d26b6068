using System.Globalization;
using LiubeiSim.Cli.Cluster;
using LiubeiSim.Cli.Hosting;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Grains.Storage;
using Orleans;
using Spectre.Console;

namespace LiubeiSim.Cli.Keys;

/// <summary>
/// What the <c>keys</c> subcommands do once parsed: reach the keyring (through a cluster, or a silo of their own on the
/// data directory), ask, print. Failures are one line on stderr and exit 1; Ctrl+C is 130.
/// </summary>
public static class KeysExecutor
{
    private const string Command = "keys";

    private const string Hint = "`liubeisim keys list` to see the keys";

    public static Task<int> CreateAsync(KeysTarget target, string name, ApiKeyRole role, CliConsole console, CancellationToken cancellationToken) =>
        WithKeyringAsync(target, console, cancellationToken, async keyring =>
        {
            // Made and hashed here: the key itself never leaves this process, and only its hash reaches the store.
            var key = ApiKeyText.Generate();
            var change = await keyring.Add(new NewApiKey { Name = name, Role = role, Hash = ApiKeyText.Hash(key) }).WaitAsync(cancellationToken);
            if (change.Outcome == KeyringOutcome.NameTaken)
            {
                var taken = change.Key!;
                console.Error.WriteLine($"a key named '{taken.Name}' exists already ({ApiKeyNames.Of(taken.Role)}{(taken.RevokedAt is null ? string.Empty : ", revoked")}); " +
                    "names are never reused, so a run's owner stays one holder: choose another name.");
                return 1;
            }

            // The key alone on stdout, so a script can take it; what it is, on stderr.
            console.Raw.WriteLine(key);
            console.Error.WriteLine($"Created the {ApiKeyNames.Of(role)} key '{change.Key!.Name}'. It is printed above and will not be shown again: only its hash is kept. " +
                "Send it as `Authorization: Bearer KEY`.");
            return 0;
        });

    public static Task<int> ListAsync(KeysTarget target, CliConsole console, CancellationToken cancellationToken) =>
        WithKeyringAsync(target, console, cancellationToken, async keyring =>
        {
            var keys = await keyring.List().WaitAsync(cancellationToken);
            if (keys.Count == 0)
            {
                console.Out.WriteLine("No keys.");
                console.Error.WriteLine("With no keys, a `liubeisim serve` on loopback lets anyone on this machine in; `liubeisim keys create --name NAME --role admin` makes the first.");
                return 0;
            }

            // 80 columns, as every table of the CLI: a name of up to 64 characters wraps in its column.
            var table = new Table().Border(TableBorder.None);
            table.AddColumn(new TableColumn("name"));
            table.AddColumn(new TableColumn("role").NoWrap());
            table.AddColumn(new TableColumn("created UTC").NoWrap());
            table.AddColumn(new TableColumn("revoked UTC").NoWrap());
            foreach (var key in keys)
            {
                table.AddRow(Markup.Escape(key.Name), ApiKeyNames.Of(key.Role), Time(key.CreatedAt), key.RevokedAt is { } revoked ? Time(revoked) : "-");
            }

            console.Out.Write(table);
            var active = keys.Count(k => k.RevokedAt is null);
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{keys.Count} key(s), {active} active."));
            return 0;
        });

    public static Task<int> RevokeAsync(KeysTarget target, string name, CliConsole console, CancellationToken cancellationToken) =>
        WithKeyringAsync(target, console, cancellationToken, async keyring =>
        {
            var change = await keyring.Revoke(name).WaitAsync(cancellationToken);
            switch (change.Outcome)
            {
                case KeyringOutcome.Done:
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Revoked the key '{change.Key!.Name}': every host refuses it within {KeyRevocation.WithinSeconds} seconds."));
                    return 0;
                case KeyringOutcome.AlreadyRevoked:
                    console.Error.WriteLine($"the key '{change.Key!.Name}' was revoked before, at {Time(change.Key.RevokedAt!.Value)} UTC; there is nothing more to do.");
                    return 1;
                default:
                    console.Error.WriteLine($"no key named '{name}'; {Hint}.");
                    return 1;
            }
        });

    /// <summary>The keyring of a running cluster (<see cref="KeysTarget.Cluster"/>), or of a data directory through a silo of this process.</summary>
    private static async Task<int> WithKeyringAsync(KeysTarget target, CliConsole console, CancellationToken cancellationToken, Func<IKeyringGrain, Task<int>> work)
    {
        if (target.Cluster is { } cluster)
        {
            return await ClusterSession.RunAsync(cluster, target.ClusterId, Command, Hint, console, grains => work(Keyring(grains)), cancellationToken);
        }

        string directory;
        try
        {
            directory = DataDirectory.Resolve(target.DataDirectory);

            // Asked before the silo starts, so a directory a running serve holds is one line saying how to reach that serve.
            DataDirectory.Lock(directory).Dispose();
        }
        catch (DataDirectoryException e) when (e.InUse)
        {
            console.Error.WriteLine($"liubeisim {Command}: {FirstClause(e.Message)}: if it is a running `liubeisim serve`, manage its keys through it " +
                $"with --cluster {ClusterOption.LocalServe} (or the gateway port it was given) instead of --data.");
            return 1;
        }
        catch (DataDirectoryException e)
        {
            console.Error.WriteLine($"liubeisim {Command}: {e.Message}");
            return 1;
        }

        EmbeddedSilo silo;
        try
        {
            silo = await EmbeddedSilo.StartAsync(s => s.AddLiubeiSimDataStore(directory), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"liubeisim {Command}: cancelled while opening {directory}.");
            return 130;
        }

        await using (silo)
        {
            return await ClusterSession.GuardAsync(() => work(Keyring(silo.Grains)), $"the data directory {directory}", Command, Hint, console, cancellationToken);
        }
    }

    /// <summary>"the data directory X is in use by another LiubeiSim process (pid N)", without the remedy that suits serve, not keys.</summary>
    private static string FirstClause(string message) => message.Split(';', 2)[0];

    private static IKeyringGrain Keyring(IGrainFactory grains) => grains.GetGrain<IKeyringGrain>(IKeyringGrain.Key);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
