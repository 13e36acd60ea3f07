using System.Net;
using System.Net.Sockets;

namespace SocketIO.Serverless.Testing;

/// <summary>Ephemeral loopback ports for child processes that must be told a port up front.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1. Prefer binding to port 0 in-process where possible.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
