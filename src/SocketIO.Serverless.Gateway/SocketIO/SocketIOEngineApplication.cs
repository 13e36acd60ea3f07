using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// Socket.IO on top of Engine.IO: the <see cref="IEngineApplication"/> that gives every Engine.IO session a
/// <see cref="ClientConnection"/> in its hub's server and feeds it the session's messages.
/// </summary>
public sealed class SocketIOEngineApplication : IEngineApplication, IDisposable
{
    private readonly ConcurrentDictionary<IEngineConnection, ClientConnection> _clients = new(ReferenceEqualityComparer.Instance);
    private readonly SocketHubs _servers;
    private readonly SocketIORuntime _runtime;
    private readonly CancellationTokenSource _aborted = new();

    internal SocketIOEngineApplication(
        ISocketApplication application,
        SocketHubs servers,
        IOptions<SocketIOOptions> options,
        SocketIOMetrics metrics,
        ILogger<SocketIOEngineApplication> logger,
        TimeProvider time,
        Recovery.ConnectionStateRecovery recovery)
    {
        _servers = servers;
        _runtime = new SocketIORuntime(application, options.Value, logger, metrics, time, _aborted.Token) { Recovery = recovery };
    }

    public void OnOpen(IEngineConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var server = _servers.GetServer(connection.Handshake.Hub ?? _servers.DefaultHub);
        var client = new ClientConnection(connection, server, _runtime);
        _clients[connection] = client;
        server.AddConnection(client);
        client.Start();
        SocketIOLog.ConnectionOpened(_runtime.Logger, connection.Id, server.Hub);
    }

    public void OnMessage(IEngineConnection connection, EngineMessage message)
    {
        if (!_clients.TryGetValue(connection, out var client))
        {
            return;
        }

        try
        {
            client.OnMessage(message);
        }
        catch (Exception exception)
        {
            // A bug or a failing application hook must cost one session, never the engine's transport loop.
            SocketIOLog.MessageFailed(_runtime.Logger, exception, connection.Id);
            client.Close(EngineCloseReasons.ForcedClose);
        }
    }

    public void OnClose(IEngineConnection connection, string reason)
    {
        if (_clients.TryRemove(connection, out var client))
        {
            client.OnEngineClosed(reason);
        }
    }

    /// <summary>
    /// Closes every session with "server shutting down" (clients reconnect, to another instance when there is
    /// one) and waits, until <paramref name="cancellationToken"/>, for the application to see every disconnect.
    /// Then abandons application calls still in flight.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        var clients = _servers.All.SelectMany(server => server.Connections).ToList();
        SocketIOLog.ShuttingDown(_runtime.Logger, clients.Count);
        var sockets = clients.SelectMany(client => client.Sockets()).ToList();
        foreach (var client in clients)
        {
            client.Close("server shutting down");
        }

        var completions = sockets.Select(socket => socket.Completion).ToList();
        try
        {
            await Task.WhenAll(completions).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            SocketIOLog.ShutdownIncomplete(_runtime.Logger, completions.Count(task => !task.IsCompleted));
        }
        finally
        {
            await _aborted.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _aborted.Dispose();
}
