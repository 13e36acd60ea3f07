using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// The server API of one hub across every gateway sharing Redis. Namespace-wide operations go to the local server,
/// whose adapters (<see cref="RedisSocketAdapter"/>) reach the other gateways. An operation on one socket or
/// connection is tried here first; when this gateway does not hold it, every other gateway is asked and the one that
/// holds it does it and answers (the owner is not looked up in a table: asking all costs one publish and is never
/// stale, docs/scale-out.md). Nobody holds it: the same "not found" as on one gateway.
/// </summary>
internal sealed class ClusterSocketServer(SocketServer local, RedisBus bus) : ISocketServer
{
    public string Hub => local.Hub;

    public Task<int?> BroadcastAsync(string @namespace, BroadcastTarget target, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, CancellationToken cancellationToken = default) =>
        Open(@namespace).BroadcastAsync(@namespace, target, data, attachments, cancellationToken);

    public async Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await local.EmitWithAckAsync(@namespace, socketId, data, attachments, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketNotConnectedException)
        {
            // Not one of this gateway's sockets (or it just left): another gateway may hold it.
        }

        if (timeout <= TimeSpan.Zero)
        {
            timeout = TimeSpan.FromSeconds(30);
        }

        var answer = await bus.RequestOwnerAsync(
            new ClusterRequest
            {
                Id = NewId(),
                Origin = bus.InstanceId,
                Operation = ClusterOperation.EmitWithAck,
                Hub = Hub,
                Namespace = @namespace,
                SocketId = socketId,
                Data = data,
                Attachments = [.. attachments.Select(attachment => attachment.ToArray())],
                TimeoutMs = (int)timeout.TotalMilliseconds,
            },
            timeout + bus.RequestTimeout,
            cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            throw new SocketNotConnectedException($"No socket {socketId} is connected to namespace {@namespace} on any gateway.");
        }

        return answer.Error switch
        {
            null => new SocketAck(answer.AckArguments ?? default, [.. (answer.AckAttachments ?? []).Select(bytes => (ReadOnlyMemory<byte>)bytes)]),
            ClusterErrors.Timeout => throw new TimeoutException($"Socket {socketId} did not acknowledge within {timeout.TotalMilliseconds:0} ms."),
            _ => throw new SocketNotConnectedException(answer.Error),
        };
    }

    public async Task<bool> JoinAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        await local.JoinAsync(@namespace, socketId, rooms, cancellationToken).ConfigureAwait(false)
        || await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.Join, Hub = Hub, Namespace = @namespace, SocketId = socketId, Rooms = [.. rooms] }, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<bool> LeaveAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        await local.LeaveAsync(@namespace, socketId, rooms, cancellationToken).ConfigureAwait(false)
        || await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.Leave, Hub = Hub, Namespace = @namespace, SocketId = socketId, Rooms = [.. rooms] }, cancellationToken).ConfigureAwait(false) is not null;

    public Task SocketsJoinAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        Open(@namespace).SocketsJoinAsync(@namespace, target, rooms, cancellationToken);

    public Task SocketsLeaveAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        Open(@namespace).SocketsLeaveAsync(@namespace, target, rooms, cancellationToken);

    public Task<int?> DisconnectSocketsAsync(string @namespace, BroadcastTarget target, bool close, CancellationToken cancellationToken = default) =>
        Open(@namespace).DisconnectSocketsAsync(@namespace, target, close, cancellationToken);

    public async Task<bool> CloseConnectionAsync(string connectionId, string reason, CancellationToken cancellationToken = default) =>
        await local.CloseConnectionAsync(connectionId, reason, cancellationToken).ConfigureAwait(false)
        || await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.CloseConnection, Hub = Hub, ConnectionId = connectionId, Reason = reason }, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<string?> FindSocketAsync(string connectionId, string @namespace, CancellationToken cancellationToken = default) =>
        await local.FindSocketAsync(connectionId, @namespace, cancellationToken).ConfigureAwait(false)
        ?? (await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.FindSocket, Hub = Hub, Namespace = @namespace, ConnectionId = connectionId }, cancellationToken).ConfigureAwait(false))?.SocketId;

    public async Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        await local.ConnectionExistsAsync(connectionId, cancellationToken).ConfigureAwait(false)
        || await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.ConnectionExists, Hub = Hub, ConnectionId = connectionId }, cancellationToken).ConfigureAwait(false) is not null;

    public Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(string @namespace, BroadcastTarget target, CancellationToken cancellationToken = default) =>
        Open(@namespace).FetchSocketsAsync(@namespace, target, cancellationToken);

    public async Task<IReadOnlyCollection<string>?> RoomsOfAsync(string @namespace, string socketId, CancellationToken cancellationToken = default) =>
        await local.RoomsOfAsync(@namespace, socketId, cancellationToken).ConfigureAwait(false)
        ?? (await AskOwnerAsync(new ClusterRequest { Id = NewId(), Origin = bus.InstanceId, Operation = ClusterOperation.RoomsOf, Hub = Hub, Namespace = @namespace, SocketId = socketId }, cancellationToken).ConfigureAwait(false))?.Rooms;

    /// <summary>The local namespace, created if need be: its adapter is what reaches the other gateways.</summary>
    private SocketServer Open(string @namespace)
    {
        local.OpenNamespace(@namespace);
        return local;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private Task<ClusterResponse?> AskOwnerAsync(ClusterRequest request, CancellationToken cancellationToken) =>
        bus.RequestOwnerAsync(request, bus.RequestTimeout, cancellationToken);
}

/// <summary>Error words of a <see cref="ClusterResponse"/>.</summary>
internal static class ClusterErrors
{
    /// <summary>The owner sent the event, but its client did not acknowledge in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The owner's rooms storage could not take the change (followed by why).</summary>
    public const string RoomsUnavailable = "rooms-unavailable: ";
}
