using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// On host shutdown, before the engine cuts its sessions: closes every Socket.IO session with "server shutting
/// down" and waits (within the engine's shutdown time) for the application to see each socket's disconnect.
/// </summary>
internal sealed class SocketIOShutdownHandler(SocketIOEngineApplication application) : IEngineShutdownHandler
{
    public Task OnShuttingDownAsync(CancellationToken cancellationToken) => application.ShutdownAsync(cancellationToken);
}
