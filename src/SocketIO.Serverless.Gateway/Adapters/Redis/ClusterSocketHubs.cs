using System.Collections.Concurrent;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// The hubs' servers across every gateway (<see cref="ClusterSocketServer"/> per hub), and the answers this gateway
/// gives to the other gateways' requests, from its own sockets.
/// </summary>
internal sealed class ClusterSocketHubs : ISocketHubs
{
    private readonly SocketHubs _local;
    private readonly RedisSocketAdapterFactory _adapters;
    private readonly RedisBus _bus;
    private readonly ConcurrentDictionary<string, ClusterSocketServer> _servers = new(StringComparer.OrdinalIgnoreCase);

    public ClusterSocketHubs(SocketHubs local, RedisSocketAdapterFactory adapters, RedisBus bus)
    {
        _local = local;
        _adapters = adapters;
        _bus = bus;
        bus.HandleRequestsWith(AnswerAsync);
    }

    public string DefaultHub => _local.DefaultHub;

    public ISocketServer Get(string hub) =>
        _servers.GetOrAdd(hub, static (name, self) => new ClusterSocketServer(self._local.GetServer(name), self._bus), this);

    public string HubOf(SocketContext socket) => _local.HubOf(socket);

    /// <summary>What this gateway answers another gateway's request: done on its own sockets, or "not here".</summary>
    public async Task<ClusterResponse> AnswerAsync(ClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var server = _local.GetServer(request.Hub);
        var @namespace = request.Namespace ?? "/";
        switch (request.Operation)
        {
            case ClusterOperation.AddSockets or ClusterOperation.DelSockets or ClusterOperation.DisconnectSockets or ClusterOperation.FetchSockets:
                return _adapters.Find(request.Hub, @namespace) is { } adapter
                    ? await adapter.AnswerAsync(request, cancellationToken).ConfigureAwait(false)
                    : Answer(request, found: false);
            case ClusterOperation.Join:
                return Answer(request, await server.JoinAsync(@namespace, Required(request.SocketId), request.Rooms ?? [], cancellationToken).ConfigureAwait(false));
            case ClusterOperation.Leave:
                return Answer(request, await server.LeaveAsync(@namespace, Required(request.SocketId), request.Rooms ?? [], cancellationToken).ConfigureAwait(false));
            case ClusterOperation.RoomsOf:
                var rooms = await server.RoomsOfAsync(@namespace, Required(request.SocketId), cancellationToken).ConfigureAwait(false);
                return new ClusterResponse { Id = request.Id, From = _bus.InstanceId, Found = rooms is not null, Rooms = rooms is null ? null : [.. rooms] };
            case ClusterOperation.FindSocket:
                var socketId = await server.FindSocketAsync(Required(request.ConnectionId), @namespace, cancellationToken).ConfigureAwait(false);
                return new ClusterResponse { Id = request.Id, From = _bus.InstanceId, Found = socketId is not null, SocketId = socketId };
            case ClusterOperation.CloseConnection:
                return Answer(request, await server.CloseConnectionAsync(Required(request.ConnectionId), request.Reason ?? "closed by the server", cancellationToken).ConfigureAwait(false));
            case ClusterOperation.ConnectionExists:
                return Answer(request, await server.ConnectionExistsAsync(Required(request.ConnectionId), cancellationToken).ConfigureAwait(false));
            case ClusterOperation.EmitWithAck:
                return await EmitWithAckAsync(server, @namespace, request, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Unknown cross-gateway operation.");
        }
    }

    private async Task<ClusterResponse> EmitWithAckAsync(SocketServer server, string @namespace, ClusterRequest request, CancellationToken cancellationToken)
    {
        var socketId = Required(request.SocketId);
        if (await server.RoomsOfAsync(@namespace, socketId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Answer(request, found: false);
        }

        try
        {
            var attachments = (request.Attachments ?? []).Select(bytes => (ReadOnlyMemory<byte>)bytes).ToList();
            var ack = await server.EmitWithAckAsync(@namespace, socketId, request.Data ?? default, attachments, TimeSpan.FromMilliseconds(request.TimeoutMs), cancellationToken).ConfigureAwait(false);
            return new ClusterResponse
            {
                Id = request.Id,
                From = _bus.InstanceId,
                Found = true,
                AckArguments = ack.Arguments,
                AckAttachments = [.. ack.Attachments.Select(attachment => attachment.ToArray())],
            };
        }
        catch (TimeoutException)
        {
            return new ClusterResponse { Id = request.Id, From = _bus.InstanceId, Found = true, Error = ClusterErrors.Timeout };
        }
        catch (SocketNotConnectedException e)
        {
            return new ClusterResponse { Id = request.Id, From = _bus.InstanceId, Found = true, Error = e.Message };
        }
    }

    private ClusterResponse Answer(ClusterRequest request, bool found) => new() { Id = request.Id, From = _bus.InstanceId, Found = found };

    private static string Required(string? value) => value ?? throw new ArgumentException("The request lacks a socket or connection id.");
}
