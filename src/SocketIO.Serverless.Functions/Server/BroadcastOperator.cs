using System.Collections.Immutable;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Socket.IO's broadcast operator: a set of target rooms (all sockets of the namespace when empty) minus excepted
/// rooms, each target socket reached once. Immutable: <see cref="To"/> and <see cref="Except"/> return new operators,
/// so <c>io.To("a").To("b").Except("c").EmitAsync(...)</c> reads as in JavaScript.
/// </summary>
public class BroadcastOperator
{
    internal BroadcastOperator(SocketIOServer server, string @namespace, ImmutableList<string> rooms, ImmutableList<string> exceptRooms)
    {
        Server = server;
        Namespace = @namespace;
        _rooms = rooms;
        _except = exceptRooms;
    }

    private readonly ImmutableList<string> _rooms;
    private readonly ImmutableList<string> _except;

    /// <summary>The namespace this operator targets, e.g. "/" or "/admin".</summary>
    public string Namespace { get; }

    public IReadOnlyList<string> Rooms => _rooms;

    public IReadOnlyList<string> ExceptRooms => _except;

    internal SocketIOServer Server { get; }

    /// <summary>Targets the sockets in <paramref name="rooms"/> too (union with the rooms already targeted).</summary>
    public BroadcastOperator To(params IEnumerable<string> rooms) => new(Server, Namespace, Union(_rooms, rooms), _except);

    /// <summary>Same as <see cref="To"/>.</summary>
    public BroadcastOperator In(params IEnumerable<string> rooms) => To(rooms);

    /// <summary>Leaves out the sockets in <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(params IEnumerable<string> rooms) => new(Server, Namespace, _rooms, Union(_except, rooms));

    /// <summary>Emits an event to every target socket (binary arguments allowed). Do not pass a CancellationToken as an argument.</summary>
    public Task EmitAsync(string eventName, params object?[] arguments) => EmitAsync(eventName, arguments, CancellationToken.None);

    public async Task EmitAsync(string eventName, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        var packet = Server.EventPacket(Namespace, eventName, arguments);
        await SendAsync(packet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The target sockets (Socket.IO's <c>fetchSockets()</c>), each once.</summary>
    public Task<IReadOnlyList<SocketIORemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        Server.ReadRoomsAsync(
            async table => (IReadOnlyList<SocketIORemoteSocket>)[.. (await table.FetchSocketsAsync(Server.Hub, Namespace, Rooms, ExceptRooms, cancellationToken).ConfigureAwait(false)).Select(info => new SocketIORemoteSocket(Server, info))],
            () => FetchThroughGatewayAsync(cancellationToken));

    private async Task<IReadOnlyList<SocketIORemoteSocket>> FetchThroughGatewayAsync(CancellationToken cancellationToken)
    {
        var except = ExceptRooms.Select(room => SocketIOGroup.ForRoom(Namespace, room).Name).ToList();
        var groups = Rooms.Count == 0
            ? [SocketIOGroup.ForNamespace(Namespace).Name]
            : Rooms.Select(room => SocketIOGroup.ForRoom(Namespace, room).Name).ToList();
        var found = new Dictionary<string, SocketIORemoteSocket>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var sockets = await Server.Client.FetchSocketsAsync(group, except, cancellationToken).ConfigureAwait(false);
            foreach (var socket in sockets.Value)
            {
                found.TryAdd(socket.SocketId, new SocketIORemoteSocket(Server, socket));
            }
        }

        return [.. found.Values];
    }

    internal async Task<int> FetchThroughGatewayCountAsync(CancellationToken cancellationToken) =>
        (await FetchThroughGatewayAsync(cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Makes every target socket join <paramref name="rooms"/> (Socket.IO's <c>socketsJoin</c>).</summary>
    public async Task SocketsJoinAsync(params IEnumerable<string> rooms)
    {
        var groups = Checked(rooms).Select(room => SocketIOGroup.ForRoom(Namespace, room).Name).ToList();
        await Server.Client.AddToGroupsAsync(groups, TargetFilter()).ConfigureAwait(false);
    }

    /// <summary>Makes every target socket leave <paramref name="rooms"/> (Socket.IO's <c>socketsLeave</c>).</summary>
    public async Task SocketsLeaveAsync(params IEnumerable<string> rooms)
    {
        var groups = Checked(rooms).Select(room => SocketIOGroup.ForRoom(Namespace, room).Name).ToList();
        await Server.Client.RemoveFromGroupsAsync(groups, TargetFilter()).ConfigureAwait(false);
    }

    /// <summary>
    /// Disconnects every target socket from the namespace (Socket.IO's <c>disconnectSockets</c>); with
    /// <paramref name="close"/>, closes their whole connections instead.
    /// </summary>
    public async Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default)
    {
        if (!close)
        {
            await SendAsync(SocketPacket.Disconnect(Namespace), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var connectionId in (await FetchSocketsAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.ConnectionId).Distinct())
        {
            await Server.Client.CloseConnectionAsync(connectionId, "forced close", cancellationToken).ConfigureAwait(false);
        }
    }

    // One room: send to its group. Several rooms, or only exceptions: send to the namespace group with a filter,
    // so that a socket in several target rooms still receives the packet once.
    private async Task SendAsync(SocketPacket packet, CancellationToken cancellationToken)
    {
        var body = ServerlessPacketCodec.Encode(packet);
        var exceptFilter = GroupFilter.NoneOf(Namespace, ExceptRooms);
        if (Rooms.Count == 1)
        {
            var group = SocketIOGroup.ForRoom(Namespace, Rooms.First()).Name;
            await Server.Client.SendToGroupAsync(group, body, exceptFilter, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await Server.Client.SendToGroupAsync(SocketIOGroup.ForNamespace(Namespace).Name, body, TargetFilter(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private string? TargetFilter() =>
        GroupFilter.And(GroupFilter.AnyOf(Namespace, Rooms), GroupFilter.NoneOf(Namespace, ExceptRooms));

    // Keeps the order rooms were given in (stable filters and logs), each room once.
    private static ImmutableList<string> Union(ImmutableList<string> known, IEnumerable<string> rooms) =>
        known.AddRange(Checked(rooms).Distinct(StringComparer.Ordinal).Where(room => !known.Contains(room, StringComparer.Ordinal)));

    private static IEnumerable<string> Checked(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var list = rooms.ToList();
        if (list.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Room names must be non-empty strings.", nameof(rooms));
        }

        return list;
    }
}

/// <summary>A namespace, <c>io.Of("/admin")</c>: a broadcast operator over all its sockets.</summary>
public sealed class SocketIONamespace : BroadcastOperator
{
    internal SocketIONamespace(SocketIOServer server, string name)
        : base(server, name, [], [])
    {
    }

    public string Name => Namespace;

    /// <summary>How many sockets are in <paramref name="room"/> (Node's <c>io.of(ns).adapter.rooms.get(room)?.size</c>), 0 when none.</summary>
    public Task<int> GetRoomSizeAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return Server.ReadRoomsAsync(
            table => table.GetRoomSizeAsync(Server.Hub, Namespace, room, cancellationToken),
            async () => (await To(room).FetchThroughGatewayCountAsync(cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>Whether any socket is in <paramref name="room"/> (Node's <c>adapter.rooms.has(room)</c>).</summary>
    public Task<bool> RoomExistsAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return Server.ReadRoomsAsync(
            table => table.RoomExistsAsync(Server.Hub, Namespace, room, cancellationToken),
            async () => (await Server.Client.GroupExistsAsync(SocketIOGroup.ForRoom(Namespace, room).Name, cancellationToken).ConfigureAwait(false)).Value);
    }
}
