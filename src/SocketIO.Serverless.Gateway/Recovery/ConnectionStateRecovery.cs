using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// Connection state recovery on this gateway (docs/recovery.md): its options, the offsets it assigns to the broadcasts
/// it fans out, the packet buffer of each namespace, and the session store (memory, or the rooms table). When
/// <see cref="Enabled"/> is false nothing of it shows on the wire.
/// </summary>
internal sealed class ConnectionStateRecovery
{
    // Node's RECOVERABLE_DISCONNECT_REASONS, less "forced close": here that is a server-side close (disconnect(true))
    // or a protocol violation, which must not come back.
    private static readonly HashSet<string> RecoverableReasons = new(StringComparer.Ordinal)
    {
        EngineCloseReasons.TransportClose,
        EngineCloseReasons.TransportError,
        EngineCloseReasons.PingTimeout,
        EngineCloseReasons.ServerShuttingDown,
    };

    private readonly ConcurrentDictionary<(string Hub, string Namespace), PacketBuffer> _buffers = new();
    private readonly string _offsetPrefix = RandomIds.Next()[..10] + "-";
    private long _nextOffset;

    public ConnectionStateRecovery(IOptions<ConnectionStateRecoveryOptions> options, IRecoverySessionStore sessions, TimeProvider time, IMeterFactory meters, ILogger<ConnectionStateRecovery> logger)
    {
        Options = options.Value;
        Sessions = sessions;
        Time = time;
        Logger = logger;
        Metrics = new RecoveryMetrics(meters, Buffered);
    }

    public ConnectionStateRecoveryOptions Options { get; }

    public bool Enabled => Options.Enabled;

    public IRecoverySessionStore Sessions { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public RecoveryMetrics Metrics { get; }

    /// <summary>Whether a socket that left for <paramref name="reason"/> keeps a session: only abnormal drops, never a disconnect() of either side.</summary>
    public static bool IsRecoverable(string reason) => RecoverableReasons.Contains(reason);

    /// <summary>
    /// The offset of the next broadcast this gateway fans out, or null with recovery off. Unique across gateways (a
    /// random prefix per process), assigned once per broadcast: the gateways it is relayed to keep it as it is.
    /// </summary>
    public string? NextOffset() => Enabled ? _offsetPrefix + Interlocked.Increment(ref _nextOffset).ToString("x", System.Globalization.CultureInfo.InvariantCulture) : null;

    public PacketBuffer Buffer(string hub, string @namespace) =>
        _buffers.GetOrAdd((hub.ToLowerInvariant(), @namespace), static (_, recovery) => new PacketBuffer(recovery.Options, recovery.Time), this);

    /// <summary>Packets and estimated bytes kept for replay, over every namespace.</summary>
    public (long Packets, long Bytes) Buffered()
    {
        long packets = 0, bytes = 0;
        foreach (var buffer in _buffers.Values)
        {
            buffer.Trim();
            packets += buffer.Count;
            bytes += buffer.Bytes;
        }

        return (packets, bytes);
    }
}
