using System.Collections.Concurrent;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// The adapter of one namespace shared by several gateways (socket.io-redis-adapter, SignalR's Redis backplane): the
/// inner adapter (in-memory, or with its Table Storage record) keeps this gateway's sockets; a broadcast is delivered
/// locally and published once, encoded, on the channel of the hub and namespace, where every other gateway applies
/// the same target to its own sockets. <c>socketsJoin</c>, <c>socketsLeave</c>, <c>disconnectSockets</c> and
/// <c>fetchSockets</c> ask every gateway and wait for their answers. Operations on one socket act on this gateway's
/// sockets, as the seam says; <see cref="ClusterSocketServer"/> finds another gateway's.
/// </summary>
internal sealed class RedisSocketAdapter : ISocketAdapter
{
    private readonly RedisBus _bus;
    private readonly Task _subscribed;

    public RedisSocketAdapter(ISocketAdapter inner, IAdapterNamespace @namespace, RedisBus bus)
    {
        Inner = inner;
        Namespace = @namespace;
        _bus = bus;
        Channel = bus.BroadcastChannel(@namespace.Hub, @namespace.Name);
        bus.Subscribe(Channel, OnBroadcastAsync);
        _subscribed = bus.WhenSubscribedAsync(Channel, CancellationToken.None);
    }

    /// <summary>The adapter of this gateway's own sockets, which the other gateways' requests act on.</summary>
    public ISocketAdapter Inner { get; }

    public IAdapterNamespace Namespace { get; }

    public string Channel { get; }

    /// <summary>
    /// The socket's CONNECT is answered after this, so the first socket of a namespace waits until this gateway
    /// listens on the namespace's channel (bounded, see <see cref="RedisBus.WhenSubscribedAsync"/>): a function that
    /// broadcasts as soon as the client is connected reaches it whichever gateway the call lands on.
    /// </summary>
    public ValueTask AddSocketAsync(SocketRecord socket, CancellationToken cancellationToken) =>
        _subscribed.IsCompleted ? Inner.AddSocketAsync(socket, cancellationToken) : AddWhenSubscribedAsync(socket, cancellationToken);

    private async ValueTask AddWhenSubscribedAsync(SocketRecord socket, CancellationToken cancellationToken)
    {
        await _subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
        await Inner.AddSocketAsync(socket, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask RestoreSocketAsync(SocketRecord socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => Inner.RestoreSocketAsync(socket, rooms, cancellationToken);

    public ValueTask UpdateSocketAsync(SocketRecord socket, CancellationToken cancellationToken) => Inner.UpdateSocketAsync(socket, cancellationToken);

    public ValueTask RemoveSocketAsync(string socketId, CancellationToken cancellationToken) => Inner.RemoveSocketAsync(socketId, cancellationToken);

    public ValueTask<bool> JoinAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => Inner.JoinAsync(socketId, rooms, cancellationToken);

    public ValueTask<bool> LeaveAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => Inner.LeaveAsync(socketId, rooms, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>?> RoomsOfAsync(string socketId, CancellationToken cancellationToken) => Inner.RoomsOfAsync(socketId, cancellationToken);

    public async ValueTask<int?> BroadcastAsync(OutboundPacket packet, BroadcastTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var delivered = await Inner.BroadcastAsync(packet, target, cancellationToken).ConfigureAwait(false);
        if (target.IsLocal)
        {
            return delivered;
        }

        var message = JsonSerializer.SerializeToUtf8Bytes(ClusterBroadcast.From(_bus.InstanceId, packet, target), ClusterJsonContext.Default.ClusterBroadcast);
        try
        {
            await _bus.PublishAsync(Channel, message, "broadcast").ConfigureAwait(false);
        }
        catch (ClusterUnavailableException e)
        {
            throw new ClusterUnavailableException($"Delivered to the {delivered ?? 0} sockets of this gateway only: {e.Message}", e);
        }

        // The other gateways do not say how many they reached.
        return null;
    }

    public async ValueTask<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastTarget target, CancellationToken cancellationToken)
    {
        var local = await Inner.FetchSocketsAsync(target, cancellationToken).ConfigureAwait(false);
        if (target.IsLocal)
        {
            return local;
        }

        var responses = await RequestAllAsync(ClusterOperation.FetchSockets, target, rooms: null, close: false, cancellationToken).ConfigureAwait(false);
        var sockets = new Dictionary<string, SocketInfo>(StringComparer.Ordinal);
        foreach (var socket in local.Concat(responses.SelectMany(response => response.Sockets ?? [])))
        {
            sockets.TryAdd(socket.SocketId, socket);
        }

        return [.. sockets.Values];
    }

    public async ValueTask AddSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        await Inner.AddSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
        if (!target.IsLocal)
        {
            await RequestAllAsync(ClusterOperation.AddSockets, target, rooms, close: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DelSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        await Inner.DelSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
        if (!target.IsLocal)
        {
            await RequestAllAsync(ClusterOperation.DelSockets, target, rooms, close: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<int?> DisconnectSocketsAsync(BroadcastTarget target, bool close, CancellationToken cancellationToken)
    {
        var local = await Inner.DisconnectSocketsAsync(target, close, cancellationToken).ConfigureAwait(false);
        if (target.IsLocal)
        {
            return local;
        }

        var responses = await RequestAllAsync(ClusterOperation.DisconnectSockets, target, rooms: null, close, cancellationToken).ConfigureAwait(false);
        return (local ?? 0) + responses.Sum(response => response.Count);
    }

    /// <summary>Answers another gateway's request about this namespace from this gateway's own sockets.</summary>
    public async Task<ClusterResponse> AnswerAsync(ClusterRequest request, CancellationToken cancellationToken)
    {
        var target = request.Target();
        var rooms = request.Rooms ?? [];
        switch (request.Operation)
        {
            case ClusterOperation.AddSockets:
                await Inner.AddSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
                return Answer(request);
            case ClusterOperation.DelSockets:
                await Inner.DelSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
                return Answer(request);
            case ClusterOperation.DisconnectSockets:
                var count = await Inner.DisconnectSocketsAsync(target, request.Close, cancellationToken).ConfigureAwait(false);
                return Answer(request, count ?? 0);
            case ClusterOperation.FetchSockets:
                var sockets = await Inner.FetchSocketsAsync(target, cancellationToken).ConfigureAwait(false);
                return new ClusterResponse { Id = request.Id, From = _bus.InstanceId, Found = sockets.Count > 0, Count = sockets.Count, Sockets = [.. sockets] };
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Not a namespace operation.");
        }
    }

    private ClusterResponse Answer(ClusterRequest request, int count = 0) =>
        new() { Id = request.Id, From = _bus.InstanceId, Found = count > 0, Count = count };

    private Task<IReadOnlyList<ClusterResponse>> RequestAllAsync(ClusterOperation operation, BroadcastTarget target, IReadOnlyCollection<string>? rooms, bool close, CancellationToken cancellationToken) =>
        _bus.RequestAllAsync(
            new ClusterRequest
            {
                Id = Guid.NewGuid().ToString("N"),
                Origin = _bus.InstanceId,
                Operation = operation,
                Hub = Namespace.Hub,
                Namespace = Namespace.Name,
                TargetRooms = [.. target.Rooms],
                ExceptRooms = [.. target.ExceptRooms],
                Rooms = rooms is null ? null : [.. rooms],
                Close = close,
            },
            _bus.RequestTimeout,
            cancellationToken);

    private async Task OnBroadcastAsync(ReadOnlyMemory<byte> payload)
    {
        var broadcast = JsonSerializer.Deserialize(payload.Span, ClusterJsonContext.Default.ClusterBroadcast);
        if (broadcast is null || broadcast.Origin == _bus.InstanceId)
        {
            return;
        }

        await Inner.BroadcastAsync(broadcast.Packet(), broadcast.Target(), CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>
/// Wraps each namespace's adapter (whichever the gateway would use alone) in a <see cref="RedisSocketAdapter"/>, and
/// finds them again for the other gateways' requests.
/// </summary>
internal sealed class RedisSocketAdapterFactory(ISocketAdapterFactory inner, RedisBus bus) : ISocketAdapterFactory
{
    private readonly ConcurrentDictionary<(string Hub, string Namespace), RedisSocketAdapter> _adapters = new();

    public ISocketAdapter Create(IAdapterNamespace @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var adapter = new RedisSocketAdapter(inner.Create(@namespace), @namespace, bus);
        _adapters[(@namespace.Hub.ToLowerInvariant(), @namespace.Name)] = adapter;
        return adapter;
    }

    /// <summary>The adapter of a namespace this gateway has, or null: then it holds none of its sockets.</summary>
    public RedisSocketAdapter? Find(string hub, string @namespace) =>
        _adapters.TryGetValue((hub.ToLowerInvariant(), @namespace), out var adapter) ? adapter : null;
}
