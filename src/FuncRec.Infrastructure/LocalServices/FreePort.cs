using System.Net;
using System.Net.Sockets;

namespace FuncRec.Infrastructure.LocalServices;

/// <summary>Picks free loopback TCP ports.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that was free a moment ago. Another process can take it before the service binds, so
    /// callers retry a failed start with a new port.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
