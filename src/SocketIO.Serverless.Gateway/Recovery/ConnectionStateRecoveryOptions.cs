using System.ComponentModel.DataAnnotations;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// Connection state recovery (Socket.IO 4.6's <c>connectionStateRecovery</c>), configuration section
/// <c>SocketIO:ConnectionStateRecovery</c> (docs/recovery.md). Off by default: with it off the CONNECT reply is
/// <c>{"sid"}</c> alone and packets carry no offset, as the official v5 suite requires. Durations in milliseconds.
/// </summary>
public sealed class ConnectionStateRecoveryOptions
{
    public const string SectionName = "SocketIO:ConnectionStateRecovery";

    public bool Enabled { get; set; }

    /// <summary>How long a socket that dropped abnormally can come back as itself (Node's <c>maxDisconnectionDuration</c>, 2 minutes).</summary>
    [Range(1, int.MaxValue)]
    public int MaxDisconnectionDuration { get; set; } = 120_000;

    /// <summary>A recovered socket skips the application's connect (the <c>connect</c> function, in-process middlewares), as Node's <c>skipMiddlewares</c>.</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// Most packets each namespace keeps for replay (on each gateway). Beyond it the oldest are evicted; a session whose
    /// last offset was evicted comes back as a fresh socket (<c>recovered</c> false), never with a gap.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPackets { get; set; } = 200_000;

    /// <summary>
    /// The same bound in bytes (estimated: packet text, attachments and bookkeeping), per namespace; the same overflow
    /// rule. The defaults hold Node's 2-minute window at 1,000 packets/s (about 67 MB measured, docs/recovery.md).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPacketBytes { get; set; } = 100_000_000;
}
