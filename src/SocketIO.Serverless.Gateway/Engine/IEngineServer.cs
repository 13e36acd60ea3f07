namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The open Engine.IO sessions of every endpoint, for the layer above (broadcasts, graceful shutdown).</summary>
public interface IEngineServer
{
    /// <summary>A snapshot of the sessions open now.</summary>
    IReadOnlyCollection<IEngineConnection> Sessions { get; }

    /// <summary>Cancelled when the host starts stopping; no new session is accepted after that.</summary>
    CancellationToken ShuttingDown { get; }

    /// <summary>
    /// Closes every open session with <paramref name="reason"/> (their queued messages are flushed first) and
    /// waits until they are closed, cutting the ones still open when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task CloseAllAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>
/// Runs when the host starts stopping, before the engine closes its sessions with "server shutting down": the
/// place for the layer above to say goodbye (its messages are flushed before the sessions close). Register as a
/// singleton; every handler is awaited, bounded by <see cref="EngineOptions.ShutdownTimeout"/>.
/// </summary>
public interface IEngineShutdownHandler
{
    Task OnShuttingDownAsync(CancellationToken cancellationToken);
}
