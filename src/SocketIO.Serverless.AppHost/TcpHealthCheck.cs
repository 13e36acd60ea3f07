using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SocketIO.Serverless.AppHost;

/// <summary>Healthy once something accepts TCP connections on the port: Azurite and redis-server have no HTTP health route.</summary>
internal sealed class TcpHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"nothing listens on 127.0.0.1:{port} ({e.SocketErrorCode})");
        }
    }
}
