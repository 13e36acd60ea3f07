using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// HTTP long-polling for one session: at most one pending GET (which waits for packets) and one POST at a time;
/// an overlapping request is refused with 400 and ends the session, as the protocol requires.
/// </summary>
internal sealed class PollingTransport(EngineEndpoint endpoint) : EngineTransport
{
    private const string TextContentType = "text/plain; charset=UTF-8";
    private static readonly ReadOnlyMemory<byte> Ok = "ok"u8.ToArray();
    private static readonly TimeSpan PausedPollHold = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private EngineSession? _session;
    private CancellationTokenSource? _pendingGet;
    private bool _postPending;
    private bool _paused;
    private bool _discarded;
    private TaskCompletionSource? _upgradeResolved;

    public override string Name => PollingName;

    private EngineSession Session => _session ?? throw new InvalidOperationException("The transport has no session yet.");

    public void Attach(EngineSession session) => _session = session;

    /// <summary>The handshake GET: answered right away with the open packet only, as the reference does.</summary>
    public static Task WriteHandshakeAsync(HttpContext context, EnginePacket open) => WritePayloadAsync(context, [open]);

    /// <summary>Ends a poll cleanly with a <c>noop</c> packet.</summary>
    public static Task WriteNoopAsync(HttpContext context) => WritePayloadAsync(context, [EnginePacket.Of(EnginePacketType.Noop)]);

    public async Task HandleGetAsync(HttpContext context)
    {
        var session = Session;
        CancellationTokenSource? interrupt = null;
        bool overlap = false, paused = false;
        lock (_gate)
        {
            if (_pendingGet is not null)
            {
                overlap = true;
            }
            else if (_paused || _discarded)
            {
                paused = true;
            }
            else
            {
                interrupt = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closed);
                _pendingGet = interrupt;
            }
        }

        if (overlap)
        {
            // The pending GET is answered with the close packet when the session ends.
            session.Terminate(EngineCloseReasons.TransportError);
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "overlapping GET").ConfigureAwait(false);
            return;
        }

        if (paused)
        {
            await AnswerPausedPollAsync(context).ConfigureAwait(false);
            return;
        }

        endpoint.Metrics.PollStarted();
        try
        {
            await AnswerPollAsync(context, session, interrupt!.Token, () => ReleasePendingGet(interrupt)).ConfigureAwait(false);
        }
        finally
        {
            endpoint.Metrics.PollEnded();
            ReleasePendingGet(interrupt);
            interrupt!.Dispose();
        }
    }

    private void ReleasePendingGet(CancellationTokenSource? interrupt)
    {
        lock (_gate)
        {
            if (_pendingGet == interrupt)
            {
                _pendingGet = null;
            }
        }
    }

    /// <summary>
    /// A GET while an upgrade is under way: like the reference (which ends such polls with a noop at most 100 ms
    /// later), it is held briefly; if the upgrade completes meanwhile it is refused as a polling request after the
    /// upgrade, otherwise it ends with <c>noop</c>.
    /// </summary>
    private async Task AnswerPausedPollAsync(HttpContext context)
    {
        Task resolved;
        lock (_gate)
        {
            resolved = _upgradeResolved?.Task ?? Task.CompletedTask;
        }

        try
        {
            await resolved.WaitAsync(PausedPollHold, endpoint.Time, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Still upgrading (or the client left): end the poll.
        }

        bool discarded;
        lock (_gate)
        {
            discarded = _discarded;
        }

        if (discarded)
        {
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "polling after the upgrade").ConfigureAwait(false);
        }
        else
        {
            await WriteNoopAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task AnswerPollAsync(HttpContext context, EngineSession session, CancellationToken interrupted, Action releaseSlot)
    {
        var ready = false;
        var ended = false;
        try
        {
            ready = await session.Outbox.WaitAsync(interrupted).ConfigureAwait(false);
            ended = !ready; // completed and empty: the session is being terminated
        }
        catch (OperationCanceledException)
        {
            // Closed, aborted or paused: told apart below.
        }

        var packets = new List<EnginePacket>();
        if (ready && !context.RequestAborted.IsCancellationRequested && session.Outbox.Drain(packets))
        {
            // As the reference, this GET stops being "the pending one" before its answer goes out: a client that
            // got it may send its next GET (on another connection) before this handler returns, and that is no overlap.
            releaseSlot();
            await WritePayloadAsync(context, packets).ConfigureAwait(false);
            session.Endpoint.Metrics.PacketsSent(packets.Count, PollingName);
            if (context.RequestAborted.IsCancellationRequested)
            {
                // The client left while the packets were being written: they are lost with it.
                session.Terminate(EngineCloseReasons.TransportError);
            }
            else if (packets[^1].Type == EnginePacketType.Close)
            {
                session.OnCloseDelivered();
            }

            return;
        }

        if (ended || session.IsTerminated)
        {
            if (session.ClosedByClient)
            {
                // This GET is the in-flight one the client-close mark was kept for.
                session.Endpoint.Server.TakeClientClose(session.Id, session.Endpoint);
            }

            var last = session.ClosedByClient ? EnginePacketType.Noop : EnginePacketType.Close;
            await WritePayloadAsync(context, [EnginePacket.Of(last)]).ConfigureAwait(false);
        }
        else if (context.RequestAborted.IsCancellationRequested)
        {
            // "poll connection closed prematurely" in the reference.
            session.Terminate(EngineCloseReasons.TransportError);
        }
        else
        {
            // Paused for an upgrade: end this poll cleanly.
            await WritePayloadAsync(context, [EnginePacket.Of(EnginePacketType.Noop)]).ConfigureAwait(false);
        }
    }

    public async Task HandlePostAsync(HttpContext context)
    {
        var session = Session;
        if (string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            // v4 polling carries binary as base64 text; raw binary bodies are refused as by the reference.
            session.Terminate(EngineCloseReasons.TransportError);
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "binary body").ConfigureAwait(false);
            return;
        }

        bool overlap;
        lock (_gate)
        {
            overlap = _postPending || _discarded;
            _postPending = true;
        }

        if (overlap)
        {
            session.Terminate(EngineCloseReasons.TransportError);
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "overlapping POST").ConfigureAwait(false);
            return;
        }

        try
        {
            await ReceiveAsync(context, session).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _postPending = false;
            }
        }
    }

    private async Task ReceiveAsync(HttpContext context, EngineSession session)
    {
        var max = endpoint.Options.MaxHttpBufferSize;
        if (context.Request.ContentLength > max)
        {
            await RefuseTooLargeAsync(context, session).ConfigureAwait(false);
            return;
        }

        var reader = context.Request.BodyReader;
        ReadResult read;
        // A body still trickling in when its session ends is abandoned there, as the reference destroys it.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closed);
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(abandon.Token).ConfigureAwait(false);
                if (read.Buffer.Length > max)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    await RefuseTooLargeAsync(context, session).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // "data request connection closed prematurely" in the reference.
            EngineLog.TransportFailed(endpoint.Logger, exception, session.Id);
            session.Terminate(EngineCloseReasons.TransportError);
            await RefuseCutBodyAsync(context, exception).ConfigureAwait(false);
            return;
        }

        var packets = new List<EnginePacket>();
        var ok = EnginePayloadCodec.TryDecode(read.Buffer, packets, out var error);
        reader.AdvanceTo(read.Buffer.End);

        // As the reference, the packets before a malformed record are still delivered. Back-pressure: while the
        // application cannot take more, the rest of the payload waits and the POST is not answered, so the client
        // (which sends one POST at a time) holds its next packets.
        foreach (var packet in packets)
        {
            if (!await WhenReceivingAsync(session, context.RequestAborted).ConfigureAwait(false))
            {
                return;
            }

            session.OnPacket(packet, this);
            if (session.IsTerminated)
            {
                break;
            }
        }

        if (!await WhenReceivingAsync(session, context.RequestAborted).ConfigureAwait(false))
        {
            return;
        }

        if (!ok)
        {
            session.OnParseError(error);
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "parse error").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = 2;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(Ok).ConfigureAwait(false);
    }

    /// <summary>False when the client went away or the session ended while reading was paused.</summary>
    private static async Task<bool> WhenReceivingAsync(EngineSession session, CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, session.Closed);
        try
        {
            await session.ReceivePause.WhenResumedAsync(stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return !session.IsTerminated && !requestAborted.IsCancellationRequested;
        }
    }

    /// <summary>
    /// A body that did not arrive whole (too slow for Kestrel's minimum data rate, its session closed, the client
    /// gone) gets a 4xx when an answer can still be written, never the default empty 200.
    /// </summary>
    private async Task RefuseCutBodyAsync(HttpContext context, Exception exception)
    {
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            return;
        }

        var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        try
        {
            // Nothing more will be read from this body: the connection ends with the answer instead of draining it.
            context.Response.Headers.Connection = "close";
            await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "the body did not arrive", status).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is gone after all: nobody to answer.
        }
    }

    private async Task RefuseTooLargeAsync(HttpContext context, EngineSession session)
    {
        session.Terminate(EngineCloseReasons.TransportError);
        await endpoint.RefuseAsync(context, EngineErrorCode.BadRequest, "payload too large", StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
    }

    /// <summary>An upgrade probe succeeded: the pending GET (and any new one) is answered with <c>noop</c>.</summary>
    public void Pause()
    {
        CancellationTokenSource? pending;
        lock (_gate)
        {
            _paused = true;
            _upgradeResolved ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pending = _pendingGet;
        }

        CancelQuietly(pending);
    }

    /// <summary>The upgrade failed: polling carries the session again.</summary>
    public void Resume()
    {
        TaskCompletionSource? resolved;
        lock (_gate)
        {
            _paused = false;
            resolved = _upgradeResolved;
            _upgradeResolved = null;
        }

        resolved?.TrySetResult();
    }

    /// <summary>The session moved to WebSocket: polling requests are answered with <c>noop</c> or refused from now on.</summary>
    public void Discard()
    {
        CancellationTokenSource? pending;
        TaskCompletionSource? resolved;
        lock (_gate)
        {
            _discarded = true;
            pending = _pendingGet;
            resolved = _upgradeResolved;
            _upgradeResolved = null;
        }

        CancelQuietly(pending);
        resolved?.TrySetResult();
    }

    public override void OnSessionTerminated()
    {
        // A pending GET watches the session's Closed token and answers by itself. Without one, the mark is set
        // under the lock a GET registers under, so a GET registering right after finds (and takes) it.
        var session = Session;
        lock (_gate)
        {
            if (_pendingGet is null && !_discarded && session.ClosedByClient)
            {
                endpoint.Server.RememberClientClose(session, endpoint.Time);
            }
        }
    }

    private static void CancelQuietly(CancellationTokenSource? source)
    {
        try
        {
            source?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The GET finished meanwhile.
        }
    }

    private static async Task WritePayloadAsync(HttpContext context, IReadOnlyList<EnginePacket> packets)
    {
        // Encoded up front so the response carries a Content-Length, as the reference's does.
        var body = new ArrayBufferWriter<byte>(256);
        EnginePayloadCodec.WriteUtf8(packets, body);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = TextContentType;
        response.ContentLength = body.WrittenCount;
        response.Headers.CacheControl = "no-store";
        try
        {
            await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client went away; the session notices on its own.
        }
    }
}
