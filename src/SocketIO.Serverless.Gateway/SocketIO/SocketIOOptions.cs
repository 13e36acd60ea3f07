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
    /// Events one socket may have waiting for the application (received, not yet handled). A client that sends
    /// more than this while its events are slow to handle is disconnected ("forced close"), so that it cannot
    /// grow the gateway's memory without bound.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPendingEvents { get; set; } = 1_000;

    /// <summary>Most binary attachments one packet may declare (the decoder refuses more as a parse error).</summary>
    [Range(0, int.MaxValue)]
    public int MaxAttachments { get; set; } = 10_000;

    /// <summary>The client path (Socket.IO's <c>path</c>).</summary>
    [Required]
    public string Path { get; set; } = "/socket.io/";

    /// <summary>The managed service's client path; <c>{hub}</c> names the hub. Empty to not serve it.</summary>
    public string HubPath { get; set; } = "/clients/socketio/hubs/{hub}/";

    /// <summary>The hub of clients that connect on <see cref="Path"/> (hubs keep separate sockets and rooms).</summary>
    [Required]
    public string DefaultHub { get; set; } = ManagementApi.DefaultHub;
}
