using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Finds the sockets a management call addresses (a namespace or room, minus excluded connections, matching a
/// filter) on one hub's server, and delivers a packet to them.
/// </summary>
internal sealed class SocketSelector(ISocketServer server, string hub)
{
    public ISocketServer Server => server;

    public string Hub => hub;

    /// <summary>Sockets of <paramref name="namespace"/> in any of <paramref name="rooms"/> (all when empty) that pass the exclusions and the filter.</summary>
    public async Task<IReadOnlyList<SocketInfo>> SelectAsync(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyList<string> excludedConnections, FilterNode? filter, CancellationToken cancellationToken)
    {
        var excluded = excludedConnections.Count == 0 ? null : excludedConnections.ToHashSet(StringComparer.Ordinal);
        var sockets = await server.FetchSocketsAsync(@namespace, BroadcastTarget.ToRooms(rooms), cancellationToken).ConfigureAwait(false);
        return sockets
            .Where(socket => excluded is null || !excluded.Contains(socket.ConnectionId))
            .Where(socket => filter is null || filter.IsTrue(TargetOf(socket)))
            .ToList();
    }

    public static FilterTarget TargetOf(SocketInfo socket)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal) { SocketIOGroup.ForNamespace(socket.Namespace).Name };
        foreach (var room in socket.Rooms.Where(room => room.Length > 0))
        {
            groups.Add(SocketIOGroup.ForRoom(socket.Namespace, room).Name);
        }

        return new FilterTarget(socket.ConnectionId, socket.UserId, groups);
    }

    /// <summary>Emits (EVENT) or disconnects (DISCONNECT) the addressed sockets. Returns how many were reached, or null when unknown.</summary>
    public async Task<int?> DeliverAsync(SocketPacket packet, IReadOnlyCollection<string> rooms, IReadOnlyList<string> excludedConnections, FilterNode? filter, CancellationToken cancellationToken)
    {
        var @namespace = packet.Namespace;
        BroadcastTarget target;
        if (filter is null && excludedConnections.Count == 0)
        {
            target = BroadcastTarget.ToRooms(rooms);
        }
        else if (RoomTargetOf(@namespace, rooms, filter) is { } byRooms)
        {
            // Rooms minus except rooms and the excluded connections' sockets (Socket.IO's to(a).except(b), or
            // socket.to(room) without itself): a target by rooms, so a socket away and recovering later gets it replayed.
            var except = new List<string>();
            foreach (var connectionId in excludedConnections)
            {
                if (await server.FindSocketAsync(connectionId, @namespace, cancellationToken).ConfigureAwait(false) is { } socketId)
                {
                    except.Add(socketId);
                }
            }

            target = byRooms.Except(except);
        }
        else
        {
            // Each socket is in the room of its own id: the selected sockets are exactly the rooms to address.
            var selected = await SelectAsync(@namespace, rooms, excludedConnections, filter, cancellationToken).ConfigureAwait(false);
            if (selected.Count == 0)
            {
                return 0;
            }

            target = BroadcastTarget.ToRooms(selected.Select(socket => socket.SocketId));
        }

        if (packet.Type == SocketPacketType.Disconnect)
        {
            return await server.DisconnectSocketsAsync(@namespace, target, close: false, cancellationToken).ConfigureAwait(false);
        }

        var data = packet.Data ?? throw new InvalidOperationException("An EVENT packet always has data.");
        return await server.BroadcastAsync(@namespace, target, data, packet.Attachments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rooms a send addresses when its filter is Socket.IO's room targeting (<see cref="RoomFilter"/>), or none;
    /// null when the filter says more than rooms can (then the sockets present are selected one by one).
    /// </summary>
    private static BroadcastTarget? RoomTargetOf(string @namespace, IReadOnlyCollection<string> rooms, FilterNode? filter)
    {
        if (filter is null)
        {
            return BroadcastTarget.ToRooms(rooms);
        }

        if (!RoomFilter.TryTranslate(filter, @namespace, out var filterRooms, out var exceptRooms) || (rooms.Count > 0 && filterRooms.Count > 0))
        {
            return null;
        }

        return BroadcastTarget.ToRooms(rooms.Count > 0 ? rooms : filterRooms).Except(exceptRooms);
    }

    /// <summary>The EVENT's data, for the single-socket operations.</summary>
    public static JsonElement DataOf(SocketPacket packet) => packet.Data ?? throw new InvalidOperationException("An EVENT packet always has data.");
}
