using System.Text.Json;
using SocketIO.Serverless.Gateway.Application;
using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Finds the sockets a management call addresses (a namespace or room, minus excluded connections, matching a
/// filter) on one hub's server, and delivers a packet to them.
/// </summary>
internal sealed class SocketSelector(ISocketServer server, string hub, SocketUserDirectory? users)
{
    public ISocketServer Server => server;

    public string Hub => hub;

    /// <summary>Sockets of <paramref name="namespace"/> in any of <paramref name="rooms"/> (all when empty) that pass the exclusions and the filter.</summary>
    public IReadOnlyList<SocketInfo> Select(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyList<string> excludedConnections, FilterNode? filter)
    {
        var excluded = excludedConnections.Count == 0 ? null : excludedConnections.ToHashSet(StringComparer.Ordinal);
        return server.FetchSockets(@namespace, rooms, [])
            .Where(socket => excluded is null || !excluded.Contains(socket.ConnectionId))
            .Where(socket => filter is null || filter.IsTrue(TargetOf(socket)))
            .ToList();
    }

    public FilterTarget TargetOf(SocketInfo socket)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal) { SocketIOGroup.ForNamespace(socket.Namespace).Name };
        foreach (var room in socket.Rooms.Where(room => room.Length > 0))
        {
            groups.Add(SocketIOGroup.ForRoom(socket.Namespace, room).Name);
        }

        return new FilterTarget(socket.ConnectionId, UserOf(socket), groups);
    }

    public string? UserOf(SocketInfo socket) => users?.Find(hub, socket.Namespace, socket.SocketId);

    /// <summary>Emits (EVENT) or disconnects (DISCONNECT) the addressed sockets. Returns how many were reached.</summary>
    public int Deliver(SocketPacket packet, IReadOnlyCollection<string> rooms, IReadOnlyList<string> excludedConnections, FilterNode? filter)
    {
        var @namespace = packet.Namespace;
        if (packet.Type == SocketPacketType.Disconnect)
        {
            return Select(@namespace, rooms, excludedConnections, filter).Count(socket => server.Disconnect(@namespace, socket.SocketId));
        }

        var data = packet.Data ?? throw new InvalidOperationException("An EVENT packet always has data.");
        if (filter is null && excludedConnections.Count == 0)
        {
            return server.Broadcast(@namespace, rooms, [], data, packet.Attachments);
        }

        // Each socket is in the room of its own id: the selected sockets are exactly the rooms to send to.
        var targets = Select(@namespace, rooms, excludedConnections, filter).Select(socket => socket.SocketId).ToList();
        return targets.Count == 0 ? 0 : server.Broadcast(@namespace, targets, [], data, packet.Attachments);
    }

    /// <summary>The EVENT's data, for the single-socket operations.</summary>
    public static JsonElement DataOf(SocketPacket packet) => packet.Data ?? throw new InvalidOperationException("An EVENT packet always has data.");
}
