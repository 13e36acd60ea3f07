using System.Runtime.CompilerServices;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// What the upstream keeps per socket besides the <see cref="SocketContext"/>: the tail of its background
/// notifications (connected, disconnected), which run one after another, and the signature of its connection id.
/// Attached to the context object, so it goes away with the socket.
/// </summary>
internal sealed class UpstreamSocketState
{
    private static readonly ConditionalWeakTable<SocketContext, UpstreamSocketState> States = new();

    /// <summary>Completes when the socket's last queued notification has been sent (or failed). Never faults.</summary>
    public Task NotificationTail { get; set; } = Task.CompletedTask;

    /// <summary>The <c>ce-signature</c> of the socket's connection, computed once per access key (an HMAC per request was measurable).</summary>
    public UpstreamSocketSignature? Signature { get; set; }

    /// <summary>
    /// The URL of the socket's last invoked event, with what it was rendered from: a socket mostly sends the same few
    /// events, and rendering (template replaces, <see cref="Uri"/> parsing) per event was measurable. One entry, so a
    /// client cannot grow it.
    /// </summary>
    public UpstreamRenderedUrl? LastUrl { get; set; }

    /// <summary>The socket's header values that never change (percent-encoded once); made on its first call.</summary>
    public UpstreamSocketHeaders? Headers { get; set; }

    /// <summary>
    /// The state of a socket. A recovered socket's notifications queue behind those of the socket it was on this
    /// gateway, so a function sees that one's disconnected before this one's connect and connected (docs/recovery.md).
    /// </summary>
    public static UpstreamSocketState Of(SocketContext socket) => States.GetValue(socket, static context =>
    {
        var tail = context.RecoveredFrom is { } previous && States.TryGetValue(previous, out var before) ? before.NotificationTail : Task.CompletedTask;
        return new UpstreamSocketState { NotificationTail = tail };
    });
}

/// <summary>A signature and the access key it was made with (one object, so it is read and replaced atomically).</summary>
internal sealed record UpstreamSocketSignature(string AccessKey, string Value);

/// <summary>A rendered event URL and its inputs (one object, so it is read and replaced atomically).</summary>
internal sealed record UpstreamRenderedUrl(string Template, string Hub, string EventName, Uri Url);

/// <summary>The CloudEvents header values of one socket that are the same on every call (hub as given).</summary>
internal sealed record UpstreamSocketHeaders(string Hub, string Source, string HubValue, string NamespaceValue);
