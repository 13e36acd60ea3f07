using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Recovery;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>What every connection and socket of the Socket.IO layer shares.</summary>
/// <param name="Aborted">Cancelled when shutdown gives up waiting: application calls still in flight are abandoned.</param>
internal sealed record SocketIORuntime(
    ISocketApplication Application,
    SocketIOOptions Options,
    ILogger Logger,
    SocketIOMetrics Metrics,
    TimeProvider Time,
    CancellationToken Aborted)
{
    /// <summary>Connection state recovery (docs/recovery.md); off unless configured.</summary>
    public required ConnectionStateRecovery Recovery { get; init; }
}
