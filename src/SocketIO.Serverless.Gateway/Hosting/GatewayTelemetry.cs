using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.ServiceDefaults;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>
/// The gateway's activity sources and meters: the engine (sessions, upgrades, slow-client drops), Socket.IO (connect
/// and event spans; sockets per namespace, events, joins/leaves, broadcast deliveries) and the upstream (a client span
/// per function invocation, whose traceparent the function continues; latency and failures by kind). Management calls
/// are ASP.NET Core server spans, children of the function's span through the traceparent its SDK sends.
/// </summary>
public static class GatewayTelemetry
{
    public static readonly ServiceTelemetry Sources = new(
        [EngineMetrics.MeterName, SocketIOTelemetry.ActivitySourceName, UpstreamMetrics.MeterName],
        [EngineMetrics.MeterName, SocketIOMetrics.MeterName, UpstreamMetrics.MeterName]);
}
