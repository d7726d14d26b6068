using System.Globalization;
using System.Net;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Hosting;

/// <summary>
/// The silo and gateway ports this host's silo listens on, chosen when the host is built, and what the user should
/// be told about the choice (<see cref="Notices"/>: <c>liubeisim serve</c> and the host's own entry point print them on
/// stderr). Registered in DI by <see cref="SiloHostingExtensions.AddLiubeiSimSilo"/>.
/// </summary>
public sealed record SiloPorts(int Silo, int Gateway, IReadOnlyList<string> Notices)
{
    /// <summary>
    /// A port given (option, configuration, environment) is used as it is. A port not given is the default, except
    /// for a single silo without Redis whose default is taken: it moves to a free loopback port, since it talks to
    /// nobody and two `liubeisim serve` on one machine should both start. (Orleans cannot listen on port 0 and
    /// advertise the port it got, so a port has to be picked.) With Redis a silo's port is its identity in the
    /// cluster and is never changed behind the user's back.
    /// </summary>
    public static SiloPorts Choose(ClusterSettings settings) =>
        Choose(settings, ClusterSettings.DefaultSiloPort, ClusterSettings.DefaultGatewayPort, FreePorts.IsInUse);

    /// <summary>
    /// <see cref="Choose(ClusterSettings)"/> with the ports that stand for the defaults, and the probe, given: a port not
    /// given in <paramref name="settings"/> is the default one here. Tests take OS-picked ports as the defaults.
    /// </summary>
    internal static SiloPorts Choose(ClusterSettings settings, int defaultSilo, int defaultGateway, Func<IPEndPoint, bool> isInUse)
    {
        var notices = new List<string>();
        var mayMove = !settings.UsesRedis;
        var silo = settings.SiloPortGiven ? settings.SiloPort : defaultSilo;
        var gateway = settings.GatewayPortGiven ? settings.GatewayPort : defaultGateway;
        var moveSilo = mayMove && !settings.SiloPortGiven && isInUse(new IPEndPoint(IPAddress.Loopback, silo));
        var moveGateway = mayMove && !settings.GatewayPortGiven && isInUse(new IPEndPoint(IPAddress.Loopback, gateway));
        if (moveSilo || moveGateway)
        {
            // Three ports, so that neither new one can be the other kept port (which nobody holds yet).
            var free = FreePorts.Take(3).Where(p => p != silo && p != gateway).ToArray();
            if (moveSilo)
            {
                notices.Add(Moved("silo", silo, free[0], SiloPortCheck.SiloPortOption));
                silo = free[0];
            }

            if (moveGateway)
            {
                notices.Add(Moved("gateway", gateway, free[1], SiloPortCheck.GatewayPortOption));
                gateway = free[1];
            }
        }

        return new SiloPorts(silo, gateway, notices);
    }

    private static string Moved(string kind, int taken, int chosen, string option) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} port {taken} is in use; using {chosen} instead (give {option} to choose)");
}

internal static class SiloPortsExtensions
{
    /// <summary>
    /// Chooses the ports (<see cref="SiloPorts.Choose(ClusterSettings)"/>) and registers them with <see cref="SiloPortCheck"/>,
    /// which refuses a taken one before the silo starts.
    /// </summary>
    internal static SiloPorts AddLiubeiSimSiloPorts(this WebApplicationBuilder builder, ClusterSettings settings)
    {
        var ports = SiloPorts.Choose(settings);
        builder.Services.AddSingleton(ports);
        builder.Services.AddSingleton<SiloPortCheck>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloPortCheck>());
        builder.Services.AddHostedService<SiloPortCheckOnStart>();
        return ports;
    }
}
