using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>Ready while the gateway accepts connections: a load balancer stops sending clients once shutdown began.</summary>
internal sealed class GatewayReadinessCheck(IEngineServer engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.ShuttingDown.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The gateway is shutting down.")
            : HealthCheckResult.Healthy($"{engine.Sessions.Count} Engine.IO sessions open."));
}
