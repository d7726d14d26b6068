using System.Net;
using System.Net.Sockets;

namespace LiubeiSim.Grains.Hosting;

/// <summary>Loopback ports nobody listens on now, so an embedded silo can start beside a server or another CLI.</summary>
public static class FreePorts
{
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
}
