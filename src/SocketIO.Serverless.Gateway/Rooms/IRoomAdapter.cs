namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Room membership of the sockets of one namespace, as Socket.IO's <c>Adapter</c> keeps it: the index a broadcast
/// fans out from. Every socket is in a room named after its own id from the moment it connects until it leaves.
/// Implementations are called from many threads at once and must be thread-safe; calls are synchronous because
/// they sit on the broadcast path. A durable (Table Storage) or shared (Redis) variant wraps or replaces the
/// in-memory one behind <see cref="IRoomAdapterFactory"/>; see docs/gateway.md.
/// </summary>
public interface IRoomAdapter
{
    /// <summary>Adds the socket to each room (creating the rooms as needed).</summary>
    void AddAll(string socketId, IEnumerable<string> rooms);

    /// <summary>Removes the socket from one room (dropping the room when it becomes empty).</summary>
    void Remove(string socketId, string room);

    /// <summary>Removes the socket from every room: it left the namespace.</summary>
    void RemoveAll(string socketId);

    /// <summary>The rooms the socket is in, or null when the adapter does not know the socket.</summary>
    IReadOnlyCollection<string>? RoomsOf(string socketId);

    /// <summary>
    /// The sockets in any of <paramref name="rooms"/> (every socket when it is empty) that are in none of
    /// <paramref name="exceptRooms"/>, each once however many target rooms it is in.
    /// </summary>
    IReadOnlyCollection<string> Select(IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms);
}

/// <summary>Creates the <see cref="IRoomAdapter"/> of a namespace, as Socket.IO creates one adapter per namespace.</summary>
public interface IRoomAdapterFactory
{
    IRoomAdapter Create(string hub, string @namespace);
}
