using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Graceful shutdown. <see cref="IHostedLifecycleService.StoppingAsync"/> runs before any hosted service stops,
/// so before Kestrel waits for in-flight requests (long polls and WebSockets would otherwise hold it until its
/// own timeout): the <see cref="IEngineShutdownHandler"/>s say goodbye, then every session is closed with
/// "server shutting down", flushed, and cut after <see cref="EngineOptions.ShutdownTimeout"/>.
/// </summary>
internal sealed class EngineShutdownService(
    EngineServer server,
    IEnumerable<IEngineShutdownHandler> handlers,
    IOptions<EngineOptions> options,
    ILogger<EngineShutdownService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        server.BeginShutdown();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ShutdownTimeout));
        foreach (var handler in handlers)
        {
            try
            {
                await handler.OnShuttingDownAsync(bounded.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One failing handler must not stop the others nor the sessions' close.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                EngineLog.ShutdownHandlerFailed(logger, exception, handler.GetType().Name);
            }
        }

        EngineLog.ShuttingDown(logger, server.Sessions.Count);
        await server.CloseAllAsync(EngineCloseReasons.ServerShuttingDown, bounded.Token).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
