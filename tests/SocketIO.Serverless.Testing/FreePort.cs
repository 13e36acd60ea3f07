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

    /// <summary>A port P such that P ... P+count-1 are all free on loopback now (for a script told only its first port).</summary>
    public static int Consecutive(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Next();
            if (first + count > 65535)
            {
                continue;
            }

            var listeners = new List<TcpListener>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, first + i);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // One of them is taken: try another start.
            }
            finally
            {
                listeners.ForEach(listener => listener.Stop());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }
}
