namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// The in-memory room index of one namespace (Socket.IO's <c>adapter.rooms</c> and <c>adapter.sids</c>): rooms to
/// sockets and sockets to rooms, under one lock. Thread-safe; selections are snapshots, so a socket joining or
/// leaving during a fan-out never breaks the iteration.
/// </summary>
internal sealed class RoomIndex
{
    private readonly Dictionary<string, HashSet<string>> _socketsByRoom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _roomsBySocket = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds the socket to each room (creating the rooms as needed).</summary>
    public void AddAll(string socketId, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(socketId);
        ArgumentNullException.ThrowIfNull(rooms);
        lock (_gate)
        {
            if (!_roomsBySocket.TryGetValue(socketId, out var joined))
            {
                joined = new HashSet<string>(StringComparer.Ordinal);
                _roomsBySocket[socketId] = joined;
            }

            foreach (var room in rooms)
            {
                ArgumentNullException.ThrowIfNull(room);
                joined.Add(room);
                if (!_socketsByRoom.TryGetValue(room, out var members))
                {
                    members = new HashSet<string>(StringComparer.Ordinal);
                    _socketsByRoom[room] = members;
                }

                members.Add(socketId);
            }
        }
    }

    /// <summary>Removes the socket from one room (dropping the room when it becomes empty).</summary>
    public void Remove(string socketId, string room)
    {
        lock (_gate)
        {
            if (_roomsBySocket.TryGetValue(socketId, out var joined))
            {
                joined.Remove(room);
            }

            RemoveMember(room, socketId);
        }
    }

    /// <summary>Removes the socket from every room: it left the namespace.</summary>
    public void RemoveAll(string socketId)
    {
        lock (_gate)
        {
            if (!_roomsBySocket.Remove(socketId, out var joined))
            {
                return;
            }

            foreach (var room in joined)
            {
                RemoveMember(room, socketId);
            }
        }
    }

    /// <summary>The rooms the socket is in, or null when the index does not know the socket.</summary>
    public IReadOnlyCollection<string>? RoomsOf(string socketId)
    {
        lock (_gate)
        {
            return _roomsBySocket.TryGetValue(socketId, out var joined) ? [.. joined] : null;
        }
    }

    /// <summary>
    /// The sockets in any of <paramref name="rooms"/> (every socket when it is empty) that are in none of
    /// <paramref name="exceptRooms"/>, each once however many target rooms it is in.
    /// </summary>
    public IReadOnlyCollection<string> Select(IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(exceptRooms);
        lock (_gate)
        {
            var excluded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var room in exceptRooms)
            {
                if (_socketsByRoom.TryGetValue(room, out var members))
                {
                    excluded.UnionWith(members);
                }
            }

            // A set, so a socket in several target rooms is selected once.
            var selected = new HashSet<string>(StringComparer.Ordinal);
            if (rooms.Count == 0)
            {
                selected.UnionWith(_roomsBySocket.Keys);
            }
            else
            {
                foreach (var room in rooms)
                {
                    if (_socketsByRoom.TryGetValue(room, out var members))
                    {
                        selected.UnionWith(members);
                    }
                }
            }

            selected.ExceptWith(excluded);
            return selected;
        }
    }

    private void RemoveMember(string room, string socketId)
    {
        if (_socketsByRoom.TryGetValue(room, out var members) && members.Remove(socketId) && members.Count == 0)
        {
            _socketsByRoom.Remove(room);
        }
    }
}
