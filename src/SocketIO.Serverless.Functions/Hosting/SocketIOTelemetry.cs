using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The SDK's metrics (meter <c>SocketIO.Serverless.Functions</c>). HTTP spans of management calls come from the
/// Azure.Core pipeline; invocation spans from the worker.
/// </summary>
internal static class SocketIOTelemetry
{
    public const string MeterName = "SocketIO.Serverless.Functions";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Upstream requests the SDK refused before the function ran (tag <c>status</c>: 400 malformed, 401 bad signature).</summary>
    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("socketio.functions.refused", description: "Socket.IO requests refused before the function ran");

    /// <summary>Connect requests refused by connect middleware (tag <c>namespace</c>).</summary>
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("socketio.functions.connect_rejected", description: "Sockets refused by connect middleware");
}
