using System.Net;
using System.Net.Sockets;

namespace LiubeiSim.Grains.Hosting;

/// <summary>Loopback ports nobody listens on now, so an embedded silo can start beside a server or another CLI.</summary>
public static class FreePorts
{
    // setsockopt's SOL_SOCKET and SO_REUSEADDR, which differ between Linux and the BSDs (macOS).
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddress = 2;
    private const int BsdSolSocket = 0xffff;
    private const int BsdSoReuseAddress = 4;

    public static int[] Take(int count)
    {
        // Hold every listener until all ports are known, so the same port is never handed out twice.
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return Array.ConvertAll(listeners, l => ((IPEndPoint)l.LocalEndpoint).Port);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }

    /// <summary>
    /// True when something listens on <paramref name="endpoint"/> (or on the same port of the wildcard address), so a
    /// listener of ours could not have the port to itself.
    /// </summary>
    /// <remarks>
    /// Binding the port and letting go is the only question the OS answers. It has to be asked without SO_REUSEPORT:
    /// Orleans sets <see cref="SocketOptionName.ReuseAddress"/> on its listeners, which .NET turns into SO_REUSEADDR and
    /// SO_REUSEPORT on Unix, so a second silo binds a port the first one holds and the two share it without a word.
    /// Plain SO_REUSEADDR is kept, so connections of a stopped silo lingering in TIME_WAIT do not count as a listener.
    /// Any failure other than "address in use" is thrown: the silo would meet it too.
    /// </remarks>
    public static bool IsInUse(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddress, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(BsdSolSocket, BsdSoReuseAddress, BitConverter.GetBytes(1));
        }
        else
        {
            // Windows: a plain bind already fails on a port another socket listens on.
            socket.ExclusiveAddressUse = true;
        }

        try
        {
            socket.Bind(endpoint);
            socket.Listen(1);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
