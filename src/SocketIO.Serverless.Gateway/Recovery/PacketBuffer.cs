using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// The recent packets one gateway delivered or relayed in one namespace, in the order it delivered them, each with its
/// offset and target (socket.io-adapter's <c>SessionAwareAdapter</c> packets). Bounded by
/// <see cref="ConnectionStateRecoveryOptions.MaxPackets"/>, <see cref="ConnectionStateRecoveryOptions.MaxPacketBytes"/>
/// and <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/>; the oldest go first, so what is kept is
/// always a contiguous tail: an offset still found has every later packet after it, and one evicted is not found at
/// all (that session comes back fresh, never with a gap).
/// <para>
/// <see cref="Gate"/> makes a delivery and its recording one step, so a socket being restored under it gets each
/// packet exactly once: from the replay (recorded before) or live (delivered after it is admitted).
/// </para>
/// </summary>
internal sealed class PacketBuffer(ConnectionStateRecoveryOptions options, TimeProvider time)
{
    // What an entry costs besides its text and attachments: the entry, its packet and message objects, its dictionary
    // slot, the offset string. Calibrated with scripts/bench-recovery (about 560 bytes per kept 100-character event).
    private const long EntryOverhead = 300;

    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private long _nextSequence;
    private long _bytes;

    public Lock Gate { get; } = new();

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _entries.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (Gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Records a packet that carries an offset. Call under <see cref="Gate"/>, with its delivery.</summary>
    public void Append(OutboundPacket packet, BroadcastTarget target)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(target);
        if (packet.Offset is not { } offset || _sequences.ContainsKey(offset))
        {
            return;
        }

        var entry = new Entry(offset, _nextSequence++, [.. target.Rooms], [.. target.ExceptRooms], packet, SizeOf(packet, target), time.GetTimestamp());
        _entries.Enqueue(entry);
        _sequences[offset] = entry.Sequence;
        _bytes += entry.Bytes;
        Evict();
    }

    /// <summary>Whether <paramref name="offset"/> is still kept (so a session that last saw it can be replayed without a gap).</summary>
    public bool Contains(string offset)
    {
        lock (Gate)
        {
            Evict();
            return _sequences.ContainsKey(offset);
        }
    }

    /// <summary>
    /// The packets after <paramref name="offset"/> that a socket in <paramref name="rooms"/> would have received, in
    /// order; false when the offset is no longer kept. Call under <see cref="Gate"/>.
    /// </summary>
    public bool TryGetAfter(string offset, IReadOnlyCollection<string> rooms, out List<OutboundPacket> missed)
    {
        Evict();
        missed = [];
        if (!_sequences.TryGetValue(offset, out var sequence))
        {
            return false;
        }

        foreach (var entry in _entries)
        {
            if (entry.Sequence > sequence && entry.Reaches(rooms))
            {
                missed.Add(entry.Packet);
            }
        }

        return true;
    }

    /// <summary>Drops what is too old, even with no new packet (called by the session sweep).</summary>
    public void Trim()
    {
        lock (Gate)
        {
            Evict();
        }
    }

    private void Evict()
    {
        var maxAge = TimeSpan.FromMilliseconds(options.MaxDisconnectionDuration);
        while (_entries.TryPeek(out var oldest)
            && (_entries.Count > options.MaxPackets || _bytes > options.MaxPacketBytes || time.GetElapsedTime(oldest.At) > maxAge))
        {
            _entries.Dequeue();
            _sequences.Remove(oldest.Offset);
            _bytes -= oldest.Bytes;
        }
    }

    private static long SizeOf(OutboundPacket packet, BroadcastTarget target)
    {
        var bytes = EntryOverhead;
        foreach (var message in packet.Messages)
        {
            bytes += message.IsBinary ? message.Binary.Length : 2L * message.Text!.Length;
        }

        foreach (var room in target.Rooms.Concat(target.ExceptRooms))
        {
            bytes += 2L * room.Length;
        }

        return bytes;
    }

    private sealed record Entry(string Offset, long Sequence, string[] Rooms, string[] ExceptRooms, OutboundPacket Packet, long Bytes, long At)
    {
        /// <summary>Socket.IO's <c>shouldIncludePacket</c>: in one of the target rooms (or all), in none of the excepted ones.</summary>
        public bool Reaches(IReadOnlyCollection<string> sessionRooms)
        {
            var included = Rooms.Length == 0 || sessionRooms.Any(room => Rooms.Contains(room, StringComparer.Ordinal));
            var excluded = sessionRooms.Any(room => ExceptRooms.Contains(room, StringComparer.Ordinal));
            return included && !excluded;
        }
    }
}
