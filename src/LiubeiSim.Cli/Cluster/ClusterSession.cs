using LiubeiSim.Cli.Hosting;
using LiubeiSim.Grains.Hosting;
using Orleans;
using Orleans.Runtime;

namespace LiubeiSim.Cli.Cluster;

/// <summary>
/// The frame of a command that works on a running cluster as a client: connect, do the work, close. A connection or a
/// cluster that fails is one line on stderr and exit 1; Ctrl+C is exit 130.
/// </summary>
public static class ClusterSession
{
    /// <param name="address">The cluster.</param>
    /// <param name="clusterId">Its cluster id.</param>
    /// <param name="command">The command's name for its messages, e.g. <c>runs</c>.</param>
    /// <param name="hint">What to try when the cluster fails mid-way, e.g. "`liubeisim runs list` to see the cluster's runs".</param>
    /// <param name="console">Where the messages go.</param>
    /// <param name="work">The work, given the connection's grain factory; its result is the exit code.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(ClusterAddress address, string clusterId, string command, string hint, CliConsole console, Func<IGrainFactory, Task<int>> work, CancellationToken cancellationToken)
    {
        ClusterClientConnection connection;
        try
        {
            connection = await ClusterClientConnection.ConnectAsync(address, clusterId, cancellationToken);
        }
        catch (ClusterUnreachableException e)
        {
            console.Error.WriteLine($"liubeisim {command}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"liubeisim {command}: cancelled while connecting.");
            return 130;
        }

        await using (connection)
        {
            return await GuardAsync(() => work(connection.Grains), $"the cluster at {address}", command, hint, console, cancellationToken);
        }
    }

    /// <summary>Runs grain calls against <paramref name="where"/>, turning Ctrl+C and a cluster that fails into their one-line messages.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> work, string where, string command, string hint, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"liubeisim {command}: cancelled.");
            return 130;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Orleans' messages nest the inner exceptions' stack traces: their first line says what happened.
            console.Error.WriteLine($"liubeisim {command}: {where} did not answer ({e.GetType().Name}: {FirstLine(e.Message)}); try again, or {hint}.");
            return 1;
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
