using System.Globalization;
using System.Net;
using LiubeiSim.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiubeiSim.Host.Hosting;

/// <summary>
/// Finds out, before the silo starts, whether its silo or gateway port is taken. Orleans would not say: its listeners
/// share a port with another silo's (SO_REUSEPORT, see <see cref="FreePorts.IsInUse"/>), so a second
/// <c>liubeisim serve</c> on the same ports started "fine", and with a shared Redis the two silos, one address, fought
/// over one membership entry until the older one was declared dead.
/// </summary>
public sealed class SiloPortCheck(IOptions<EndpointOptions> endpoints) : ILifecycleParticipant<ISiloLifecycle>
{
    public const string SiloPortOption = "--silo-port N";

    public const string GatewayPortOption = "--gateway-port N";

    private volatile bool _listening;

    /// <summary>
    /// True once the silo has bound its silo and gateway ports. A start that fails on an address in use after that
    /// failed on another address (Kestrel's HTTP one), and the silo's own listeners now make both ports look taken.
    /// </summary>
    public bool SiloListening => _listening;

    public void Participate(ISiloLifecycle lifecycle) =>
        // Orleans binds both listeners in the stage just before RuntimeInitialize.
        lifecycle.Subscribe(nameof(SiloPortCheck), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            _listening = true;
            return Task.CompletedTask;
        });

    /// <summary>The first of the silo's ports that something else listens on, or null when both are free.</summary>
    public SiloPortInUseException? FindTaken()
    {
        var options = endpoints.Value;

        // The endpoints Orleans binds: the listening endpoint when one is set (listen on any address), else the advertised one.
        var address = options.AdvertisedIPAddress ?? IPAddress.Any;
        var silo = options.SiloListeningEndpoint ?? new IPEndPoint(address, options.SiloPort);
        if (FreePorts.IsInUse(silo))
        {
            return new SiloPortInUseException("silo", silo, SiloPortOption, nameof(ClusterSettings.SiloPort));
        }

        // Gateway port 0 means no gateway.
        var gateway = options.GatewayListeningEndpoint ?? (options.GatewayPort == 0 ? null : new IPEndPoint(address, options.GatewayPort));
        return gateway is not null && FreePorts.IsInUse(gateway)
            ? new SiloPortInUseException("gateway", gateway, GatewayPortOption, nameof(ClusterSettings.GatewayPort))
            : null;
    }

    /// <summary>
    /// What to say when a bind failed with "address in use" before <see cref="SiloListening"/>: the ports were free
    /// when checked, so another process took one in between; which one cannot be told, since the silo's own listener
    /// may hold the other by now.
    /// </summary>
    public string DescribeTakenWhileStarting()
    {
        var options = endpoints.Value;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"silo port {options.SiloPort} or gateway port {options.GatewayPort} was taken by another process while the silo started; choose others with {SiloPortOption} and {GatewayPortOption}");
    }

    public void ThrowIfTaken()
    {
        if (FindTaken() is { } taken)
        {
            throw taken;
        }
    }
}

/// <summary>A port the silo needs is held by another process; the message names it and the option that changes it.</summary>
public sealed class SiloPortInUseException(string kind, IPEndPoint endpoint, string option, string setting)
    : Exception(string.Create(
        CultureInfo.InvariantCulture,
        $"{kind} port {endpoint.Port} on {endpoint.Address} is already in use (another liubeisim serve?); choose another with {option} ({ClusterSettings.Section}:{setting})"))
{
    /// <summary><c>silo</c> or <c>gateway</c>.</summary>
    public string Kind { get; } = kind;

    public IPEndPoint Endpoint { get; } = endpoint;
}

/// <summary>Runs <see cref="SiloPortCheck"/> before any hosted service starts, so the silo never binds a shared port.</summary>
internal sealed class SiloPortCheckOnStart(SiloPortCheck check) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        check.ThrowIfTaken();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
