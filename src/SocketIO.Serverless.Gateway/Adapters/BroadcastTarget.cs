namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// Which sockets of a namespace an operation addresses, Socket.IO's <c>BroadcastOptions</c>: those in any of
/// <see cref="Rooms"/> (every socket when empty) and in none of <see cref="ExceptRooms"/>, each once. A socket id is
/// a room, so one socket is <c>ToRooms(id)</c>. Immutable.
/// </summary>
public sealed class BroadcastTarget
{
    private BroadcastTarget(IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, BroadcastFlags flags)
    {
        Rooms = rooms;
        ExceptRooms = exceptRooms;
        Flags = flags;
    }

    /// <summary>Every socket of the namespace.</summary>
    public static BroadcastTarget All { get; } = new([], [], BroadcastFlags.None);

    public IReadOnlyCollection<string> Rooms { get; }

    public IReadOnlyCollection<string> ExceptRooms { get; }

    public BroadcastFlags Flags { get; }

    /// <summary>Only the sockets of this gateway (Socket.IO's <c>local</c> flag); meaningful once several gateways share a namespace.</summary>
    public bool IsLocal => Flags.HasFlag(BroadcastFlags.Local);

    /// <summary>The sockets in any of <paramref name="rooms"/>.</summary>
    public static BroadcastTarget ToRooms(params IEnumerable<string> rooms) => All.To(rooms);

    /// <summary>Adds rooms to target (a union with those already targeted).</summary>
    public BroadcastTarget To(params IEnumerable<string> rooms) => new(Union(Rooms, rooms), ExceptRooms, Flags);

    /// <summary>Leaves out the sockets in <paramref name="rooms"/>.</summary>
    public BroadcastTarget Except(params IEnumerable<string> rooms) => new(Rooms, Union(ExceptRooms, rooms), Flags);

    public BroadcastTarget With(BroadcastFlags flags) => new(Rooms, ExceptRooms, Flags | flags);

    public override string ToString() =>
        $"rooms [{string.Join(", ", Rooms)}] except [{string.Join(", ", ExceptRooms)}]{(Flags == BroadcastFlags.None ? "" : " " + Flags)}";

    private static string[] Union(IReadOnlyCollection<string> known, IEnumerable<string> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var rooms = new List<string>(known);
        foreach (var room in more)
        {
            ArgumentNullException.ThrowIfNull(room);
            if (!rooms.Contains(room, StringComparer.Ordinal))
            {
                rooms.Add(room);
            }
        }

        return [.. rooms];
    }
}

/// <summary>Modifiers of a <see cref="BroadcastTarget"/>, as Socket.IO's broadcast flags.</summary>
[Flags]
public enum BroadcastFlags
{
    None = 0,

    /// <summary>Only this gateway's sockets.</summary>
    Local = 1,
}
