using System.Collections.Concurrent;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>
/// An <see cref="ISocketApplication"/> whose handlers run inside the gateway: for tests, the conformance server
/// and local experiments. Built with <see cref="InProcessApplicationBuilder"/>; it acts on sockets through
/// <see cref="ISocketHubs"/>, as the product's functions do through the management API.
/// </summary>
public sealed class InProcessApplication : ISocketApplication
{
    private readonly IReadOnlyDictionary<string, InProcessNamespace> _namespaces;
    private readonly ISocketHubs _servers;
    private readonly ConcurrentDictionary<string, InProcessSocket> _sockets = new(StringComparer.Ordinal);

    public InProcessApplication(InProcessApplicationBuilder builder, ISocketHubs servers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _namespaces = builder.Build();
        _servers = servers ?? throw new ArgumentNullException(nameof(servers));
    }

    public bool HasNamespace(string @namespace) => _namespaces.ContainsKey(@namespace);

    public async ValueTask<ConnectResult> ConnectAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var ns = _namespaces[socket.Namespace];
        var inProcess = new InProcessSocket(socket, _servers.Get(_servers.HubOf(socket)));
        foreach (var middleware in ns.Middleware)
        {
            var result = await middleware(inProcess).ConfigureAwait(false);
            if (!result.Accepted)
            {
                return result;
            }
        }

        _sockets[Key(socket)] = inProcess;
        return ConnectResult.Accept;
    }

    public async ValueTask ConnectedAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!_sockets.TryGetValue(Key(socket), out var inProcess))
        {
            if (!socket.Recovered)
            {
                return;
            }

            // A recovered socket that skipped the middlewares (connection state recovery's SkipMiddlewares).
            inProcess = _sockets.GetOrAdd(Key(socket), _ => new InProcessSocket(socket, _servers.Get(_servers.HubOf(socket))));
        }

        foreach (var handler in _namespaces[socket.Namespace].ConnectionHandlers)
        {
            await handler(inProcess).ConfigureAwait(false);
        }
    }

    public ValueTask<SocketAck?> EventAsync(SocketContext socket, SocketEvent socketEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(socketEvent);

        // No listener: dropped, as Socket.IO drops an event nobody listens to.
        return _sockets.TryGetValue(Key(socket), out var inProcess) ? inProcess.DispatchAsync(socketEvent) : ValueTask.FromResult<SocketAck?>(null);
    }

    public async ValueTask DisconnectedAsync(SocketContext socket, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (_sockets.TryRemove(Key(socket), out var inProcess))
        {
            await inProcess.DisconnectedAsync(reason).ConfigureAwait(false);
        }
    }

    // Socket ids are unique across namespaces and hubs (random), but the key stays explicit.
    private static string Key(SocketContext socket) => socket.Namespace + "\n" + socket.SocketId;
}
