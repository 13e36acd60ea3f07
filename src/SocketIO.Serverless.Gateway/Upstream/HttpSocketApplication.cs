using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// The application seam over HTTP: every connect, event and disconnect of a socket becomes a function invocation
/// in Web PubSub for Socket.IO's serverless wire format (docs/upstream.md). A function's failure never escapes as
/// an exception: connect turns it into a <c>connect_error</c>, an event into a logged, counted drop.
/// </summary>
internal sealed class HttpSocketApplication(
    UpstreamInvoker invoker,
    UpstreamNotifications notifications,
    IOptionsMonitor<UpstreamOptions> options,
    IOptions<SocketIOOptions> socketIO,
    UpstreamMetrics metrics,
    TimeProvider time,
    ILogger<HttpSocketApplication> logger) : ISocketApplication
{
    /// <summary>Largest <c>ce-connectionState</c> kept; a bigger one is refused and logged.</summary>
    public const int MaxConnectionStateLength = 32 * 1024;

    private const int MaxAckAttachments = 10_000;

    /// <summary>What Node's server answers a CONNECT for a namespace it does not serve.</summary>
    public const string InvalidNamespaceMessage = "Invalid namespace";

    // A namespace without a URL of its own (dot or empty segments...) is refused before any function is asked.
    public bool HasNamespace(string @namespace) => options.CurrentValue.AllowsNamespace(@namespace) && UpstreamUrlTemplate.IsMappable(@namespace);

    public async ValueTask<ConnectResult> ConnectAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var token = socket.Handshake.Query.GetValueOrDefault("access_token");
        if (!ClientTokenReader.TryRead(token, settings.ResolveAccessKey(), time.GetUtcNow(), out var claims, out var userId, out var reason) && token is not null)
        {
            UpstreamLog.InvalidClientToken(logger, socket.ConnectionId, reason ?? "invalid");
        }

        socket.UserId = userId;
        if (CallFor(socket, CloudEventTypes.Connect, CloudEventTypes.ConnectEventName) is not { } call)
        {
            return ConnectResult.Reject($"No application serves hub '{HubOf(socket)}'");
        }

        if (socket.Recovered)
        {
            // The disconnected of the socket it was (on this gateway) reaches the functions first. Never faults.
            await UpstreamSocketState.Of(socket).NotificationTail.ConfigureAwait(false);
        }

        var body = ConnectEventBuilder.Serialize(ConnectEventBuilder.Build(socket, claims));
        var result = await invoker.InvokeAsync(call, UpstreamRequestFactory.Json(body), cancellationToken).ConfigureAwait(false);

        if (result.Failure == UpstreamFailure.Cancelled)
        {
            return ConnectResult.Reject("Connection aborted");
        }

        if (result.Failure != UpstreamFailure.None || result.Status >= 500)
        {
            var failed = result.Failure == UpstreamFailure.None ? result with { Failure = UpstreamFailure.Status, Detail = $"HTTP {result.Status}" } : result;
            ReportFailure(call, failed);
            return ConnectResponseReader.ForFailure(failed);
        }

        if (result.Status == 404)
        {
            var accept = settings.AcceptConnectWithoutHandler;
            UpstreamLog.NoConnectHandler(logger, socket.Namespace, call.Url, socket.SocketId, accept ? "accepted" : "rejected");
            if (!accept)
            {
                // No connect function: the app does not serve this namespace, as a Node server without io.of(it).
                return ConnectResult.Reject(InvalidNamespaceMessage);
            }

            return ConnectResult.Accept;
        }

        if (!result.IsSuccessStatus)
        {
            var rejection = ConnectResponseReader.ForRejection(result);
            UpstreamLog.ConnectRejected(logger, socket.SocketId, socket.Namespace, result.Status, rejection.Message ?? string.Empty);
            return rejection;
        }

        ApplyState(socket, result);
        if (ConnectResponseReader.UserIdOf(result) is { Length: > 0 } acceptedUserId)
        {
            socket.UserId = acceptedUserId;
        }

        return ConnectResult.Accept;
    }

    public ValueTask ConnectedAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        var state = UpstreamSocketState.Of(socket);
        if (CallFor(socket, CloudEventTypes.Connected, CloudEventTypes.ConnectedEventName) is { } call)
        {
            // {} as the managed service sends; {"recovered":true} for a socket that came back (docs/recovery.md).
            notifications.Enqueue(state, call, socket.Recovered ? JsonSerializer.SerializeToUtf8Bytes(new ConnectedEventRequest { Recovered = true }) : "{}"u8.ToArray());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisconnectedAsync(SocketContext socket, string reason, CancellationToken cancellationToken)
    {
        var state = UpstreamSocketState.Of(socket);
        if (CallFor(socket, CloudEventTypes.Disconnected, CloudEventTypes.DisconnectedEventName) is { } call)
        {
            notifications.Enqueue(state, call, JsonSerializer.SerializeToUtf8Bytes(new DisconnectedEventRequest { Reason = reason }));
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<SocketAck?> EventAsync(SocketContext socket, SocketEvent socketEvent, CancellationToken cancellationToken)
    {
        if (CallFor(socket, CloudEventTypes.UserMessage, socketEvent.Name) is not { } call)
        {
            return null;
        }

        var body = BodyOf(socketEvent);
        var result = await invoker.InvokeAsync(call, UpstreamRequestFactory.Text(body), cancellationToken).ConfigureAwait(false);

        if (result.Failure == UpstreamFailure.Cancelled)
        {
            UpstreamLog.Cancelled(logger, call.EventType, call.EventName, socket.SocketId, socket.Namespace);
            return null;
        }

        if (result.Failure == UpstreamFailure.None && result.Status == 404)
        {
            UpstreamLog.NoHandler(logger, socketEvent.Name, socket.SocketId, socket.Namespace, call.Url);
            return null;
        }

        if (!result.IsSuccessStatus)
        {
            ReportFailure(call, result.Failure == UpstreamFailure.None ? result with { Failure = UpstreamFailure.Status, Detail = $"HTTP {result.Status}" } : result);
            return null;
        }

        ApplyState(socket, result);
        return ReadAck(call, socketEvent, result);
    }

    private SocketAck? ReadAck(UpstreamCall call, SocketEvent socketEvent, UpstreamResult result)
    {
        var hasBody = !string.IsNullOrWhiteSpace(result.Body);
        if (socketEvent.AckId is null)
        {
            if (hasBody)
            {
                UpstreamLog.UnexpectedBody(logger, socketEvent.Name, call.Socket.SocketId);
            }

            return null;
        }

        if (!hasBody)
        {
            UpstreamLog.MissingAck(logger, socketEvent.Name, call.Socket.SocketId);
            return null;
        }

        if (AckResponseReader.TryRead(result.Body, MaxAckAttachments, out var ack, out var error))
        {
            return ack;
        }

        ReportFailure(call, result with { Failure = UpstreamFailure.InvalidResponse, Detail = error });
        return null;
    }

    private static string BodyOf(SocketEvent socketEvent)
    {
        if (socketEvent.Attachments.Count == 0)
        {
            return socketEvent.PacketText;
        }

        // PacketText is the Engine.IO text ("4" + Socket.IO text); the attachments follow as polling records.
        var socketIOText = socketEvent.PacketText.StartsWith('4') ? socketEvent.PacketText[1..] : socketEvent.PacketText;
        return ServerlessPayload.Encode(socketIOText, socketEvent.Attachments);
    }

    private string HubOf(SocketContext socket) => socket.Handshake.Hub ?? socketIO.Value.DefaultHub;

    /// <summary>The call for an event, or null when the socket's hub has no URL template (nothing to invoke).</summary>
    private UpstreamCall? CallFor(SocketContext socket, string eventType, string eventName)
    {
        var hub = HubOf(socket);
        if (options.CurrentValue.TemplateFor(hub) is not { } template)
        {
            return null;
        }

        var state = UpstreamSocketState.Of(socket);
        if (state.LastUrl is { } last && ReferenceEquals(last.Template, template) && string.Equals(last.EventName, eventName, StringComparison.Ordinal) && string.Equals(last.Hub, hub, StringComparison.Ordinal))
        {
            return new UpstreamCall(eventType, eventName, socket, hub, last.Url, socket.State, socket.UserId);
        }

        if (!UpstreamUrlTemplate.TryRender(template, hub, socket.Namespace, eventName, out var url, out var refusal))
        {
            // Not a name with a URL of its own: dropped like an event without a listener, never sent elsewhere.
            UpstreamLog.NameRefused(logger, eventName.Length > 64 ? eventName[..64] + "…" : eventName, socket.SocketId, socket.Namespace, refusal);
            return null;
        }

        state.LastUrl = new UpstreamRenderedUrl(template, hub, eventName, url);
        return new UpstreamCall(eventType, eventName, socket, hub, url, socket.State, socket.UserId);
    }

    private void ApplyState(SocketContext socket, UpstreamResult result)
    {
        if (result.ConnectionState is not { } value)
        {
            return;
        }

        if (value.Length > MaxConnectionStateLength)
        {
            UpstreamLog.StateTooLarge(logger, socket.SocketId, socket.Namespace, value.Length, MaxConnectionStateLength);
            return;
        }

        socket.State = value.Length == 0 ? null : value;
    }

    private void ReportFailure(UpstreamCall call, UpstreamResult result)
    {
        var failure = UpstreamResult.FailureName(result.Failure);
        metrics.Failed(call.EventType, call.Socket.Namespace, failure);
        UpstreamLog.InvocationFailed(logger, call.EventType, call.EventName, call.Socket.SocketId, call.Socket.Namespace, call.Socket.ConnectionId, failure, result.Detail ?? string.Empty, result.Exception);
    }
}
