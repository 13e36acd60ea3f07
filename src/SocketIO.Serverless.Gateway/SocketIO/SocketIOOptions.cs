using System.ComponentModel.DataAnnotations;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// Options of the Socket.IO layer (configuration section <c>SocketIO</c>), with the Node server's defaults.
/// Durations are in milliseconds, as Socket.IO's options are.
/// </summary>
public sealed class SocketIOOptions
{
    public const string SectionName = "SocketIO";

    /// <summary>Close an Engine.IO connection that has joined no namespace after this long (Node's <c>connectTimeout</c>).</summary>
    [Range(1, int.MaxValue)]
    public int ConnectTimeout { get; set; } = 45_000;

    /// <summary>How long a server-to-client <c>emitWithAck</c> waits when the caller gives no timeout.</summary>
    [Range(1, int.MaxValue)]
    public int AckTimeout { get; set; } = 30_000;

    /// <summary>
    /// Events one socket may have waiting for the application (received, not yet handled). When a client sends
    /// faster than its events are handled, the gateway stops reading from its connection at this many (WebSocket:
    /// no frame is read; polling: the POST is not answered) until half were handled: TCP slows the client down,
    /// nothing is lost, and this bounds the memory a client can occupy.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPendingEvents { get; set; } = 1_000;

    /// <summary>The same bound in bytes (packet text and attachments of the waiting events).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPendingEventBytes { get; set; } = 10_000_000;

    /// <summary>
    /// How many of one socket's events may be handled at once. Events always start in arrival order. 1 (the
    /// default): strictly one after another, so whatever one event's handler did (a <c>join</c>, a change of
    /// <c>socket.data</c>) is done before the next event's handler starts, as with Node handlers that do not await.
    /// More: handlers that wait (an <c>emitWithAck</c> to their own client, a slow call) no longer hold back the
    /// socket's next events, which may then finish, and ack, in any order (Node's behaviour for async handlers).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentEventsPerSocket { get; set; } = 1;

    /// <summary>Most binary attachments one packet may declare (Node's parser: 10); more is a parse error.</summary>
    [Range(0, int.MaxValue)]
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// Most bytes of attachments one connection holds for a binary packet that is not complete yet; more is a
    /// parse error (the connection is closed). Default: 10 attachments of 1e6 bytes.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxAttachmentBytes { get; set; } = 10_000_000;

    /// <summary>
    /// How long a binary packet may wait for its attachments once its text arrived. A client that stalls
    /// mid-packet past this is closed ("parse error"), so a partial packet cannot pin memory forever.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int AttachmentTimeout { get; set; } = 60_000;

    /// <summary>The client path (Socket.IO's <c>path</c>).</summary>
    [Required]
    public string Path { get; set; } = "/socket.io/";

    /// <summary>The managed service's client path; <c>{hub}</c> names the hub. Empty to not serve it.</summary>
    public string HubPath { get; set; } = "/clients/socketio/hubs/{hub}/";

    /// <summary>The hub of clients that connect on <see cref="Path"/> (hubs keep separate sockets and rooms).</summary>
    [Required]
    public string DefaultHub { get; set; } = ManagementApi.DefaultHub;
}
