using System.Buffers;
using System.Net.WebSockets;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// A WebSocket carrying one session: a receive loop (text frames are packets, binary frames binary messages)
/// and, once this socket carries the session, the writer of the session's outbox. A socket opened with a
/// <c>sid</c> first runs the upgrade: <c>2probe</c> → <c>3probe</c>, then <c>5</c> makes it the session's transport.
/// </summary>
/// <remarks>
/// Sending has no loop of its own: whoever queues a packet while no write is under way writes it (and whatever
/// is queued meanwhile) to the socket on its own thread, so an ack or a broadcast costs no thread-pool hand-off.
/// A write the socket cannot take at once (a slow reader) goes on asynchronously, and packets queued meanwhile
/// wait in the bounded outbox. What the writer finds that ends the session (the close packet, a failed send) is
/// handed to the thread pool: the writer may run inside the application's own calls and locks.
/// An idle socket holds no receive buffer: it waits with a zero-byte read and rents one when a frame arrives.
/// </remarks>
internal sealed class WebSocketTransport(WebSocket socket, EngineEndpoint endpoint) : EngineTransport
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    // Rented per frame (and grown on demand up to MaxHttpBufferSize): most Socket.IO packets fit.
    private const int ReceiveBufferSize = 4096;

    // Cancels only the wait for a receive pause to end. The socket's own reads and writes take no token: a
    // cancelable one sends ManagedWebSocket down its slow path (a registration per call, here and in Kestrel's
    // pipes) on every frame; the socket is aborted instead (Abort), which fails whatever read or write is pending.
    private readonly CancellationTokenSource _abort = new();
    // Set just before the socket is aborted: what fails after it is the stop, not a transport error.
    private volatile bool _aborted;
    // Set when the close handshake takes the socket over: the writer stops there.
    private volatile bool _stopSending;
    private readonly TaskCompletionSource _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EngineSession? _session;

    // The outbox's write when it had to wait for the socket (completes once that write is over).
    private Task _writing = Task.CompletedTask;
    private readonly TaskCompletionSource _closeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closeStarted;

    public override string Name => WebSocketName;

    private EngineSession Session => _session ?? throw new InvalidOperationException("The transport has no session yet.");

    public void Attach(EngineSession session) => _session = session;

    /// <summary>Runs a socket that opened its session directly (the open packet is already queued).</summary>
    public async Task RunAsync()
    {
        StartSending();
        var reason = await ReceiveLoopAsync(upgrading: false).ConfigureAwait(false);
        Session.Terminate(reason ?? EngineCloseReasons.TransportClose);
        await FinishAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a socket that upgrades an existing polling session.</summary>
    public async Task RunUpgradeAsync()
    {
        var reason = await ReceiveLoopAsync(upgrading: true).ConfigureAwait(false);
        var session = Session;
        if (session.Transport == this)
        {
            session.Terminate(reason ?? EngineCloseReasons.TransportClose);
        }
        else
        {
            session.CancelUpgrade(this, reason ?? "probe socket closed");
            BeginClose(WebSocketCloseStatus.NormalClosure);
        }

        await FinishAsync().ConfigureAwait(false);
    }

    public override void OnSessionTerminated() => BeginClose(WebSocketCloseStatus.NormalClosure);

    private void StartSending()
    {
        if (Session.Outbox.AttachWriter(WriteQueued))
        {
            WriteQueued();
        }
    }

    /// <summary>Returns the close reason for the session when the socket ended it, null when it just stopped.</summary>
    private async Task<string?> ReceiveLoopAsync(bool upgrading)
    {
        var session = Session;
        var max = endpoint.Options.MaxHttpBufferSize;
        byte[]? buffer = null;
        // Not a token on the receive: cancelling a .NET WebSocket's receive aborts the socket at once, and a client
        // that saw it end could poll before polling resumed (and get noop). As the reference (cleanup, then close),
        // the timer resumes polling first, then starts the close handshake, which ends this loop.
        using var upgradeTimer = upgrading ? endpoint.Time.CreateTimer(static state => ((WebSocketTransport)state!).OnUpgradeTimeout(), this, TimeSpan.FromMilliseconds(endpoint.Options.UpgradeTimeout), Timeout.InfiniteTimeSpan) : null;
        try
        {
            while (true)
            {
                if (!upgrading)
                {
                    // Back-pressure: while the application cannot take more, no frame is read and TCP pushes back.
                    await session.ReceivePause.WhenResumedAsync(_abort.Token).ConfigureAwait(false);
                }

                // Wait for the next frame without a buffer (most sockets are idle most of the time), then rent one.
                var result = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return EngineCloseReasons.TransportClose;
                }

                var count = 0;
                while (!result.EndOfMessage)
                {
                    buffer = buffer is null ? ArrayPool<byte>.Shared.Rent(ReceiveBufferSize) : count == buffer.Length ? Grow(buffer, count) : buffer;
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return EngineCloseReasons.TransportClose;
                    }

                    count += result.Count;
                    if (count > max)
                    {
                        BeginClose(WebSocketCloseStatus.MessageTooBig);
                        return EngineCloseReasons.TransportError;
                    }
                }

                var frame = buffer is null ? [] : buffer.AsSpan(0, count);
                EnginePacket packet;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    packet = EnginePacketCodec.DecodeBinaryFrame(frame.ToArray());
                }
                else if (!EnginePacketCodec.TryDecodeText(frame, out packet, out var error))
                {
                    if (upgrading)
                    {
                        return "invalid probe packet";
                    }

                    session.OnParseError(error);
                    return EngineCloseReasons.ParseError;
                }

                if (buffer is not null)
                {
                    // Decoded into its own strings and arrays: the buffer goes back before the socket waits again.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                if (upgrading && _stopSending)
                {
                    // The upgrade timed out and the close handshake owns the socket: a late probe or 5 gets no
                    // answer; the loop reads on until the peer's close.
                    continue;
                }

                if (!upgrading)
                {
                    session.OnPacket(packet, this);
                    if (session.IsTerminated)
                    {
                        return null;
                    }
                }
                else if (packet.Type == EnginePacketType.Ping && packet.Text == EnginePacket.Probe)
                {
                    await SendTextAsync(EnginePacket.Of(EnginePacketType.Pong, EnginePacket.Probe)).ConfigureAwait(false);
                    session.OnProbe(this);
                }
                else if (packet.Type == EnginePacketType.Upgrade && session.TryCompleteUpgrade(this))
                {
                    upgrading = false;
                    upgradeTimer!.Dispose();
                    StartSending();
                }
                else
                {
                    return "unexpected packet during upgrade";
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception exception) when (_aborted && exception is WebSocketException or IOException or ObjectDisposedException)
        {
            // Stopped: the socket was aborted.
            return null;
        }
        catch (WebSocketException exception)
        {
            // A client that drops the connection without a close frame: "transport close" as in the reference.
            if (exception.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
            {
                return EngineCloseReasons.TransportClose;
            }

            EngineLog.TransportFailed(endpoint.Logger, exception, session.Id);
            return EngineCloseReasons.TransportError;
        }
        catch (IOException exception)
        {
            EngineLog.TransportFailed(endpoint.Logger, exception, session.Id);
            return EngineCloseReasons.TransportClose;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _receiveDone.TrySetResult();
        }
    }

    private void OnUpgradeTimeout()
    {
        // False when the upgrade completed (or ended) as the timer fired: then this socket is left alone.
        if (Session.CancelUpgrade(this, "upgrade timeout"))
        {
            BeginClose(WebSocketCloseStatus.NormalClosure);
        }
    }

    private byte[] Grow(byte[] buffer, int used)
    {
        var limit = (int)Math.Min(int.MaxValue - 1, endpoint.Options.MaxHttpBufferSize + 1);
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>The outbox's writer: runs on the thread that queued a packet while no write was under way.</summary>
    private void WriteQueued()
    {
        var writing = WriteQueuedAsync();
        if (!writing.IsCompleted)
        {
            Volatile.Write(ref _writing, writing);
        }
    }

    /// <summary>Writes what the outbox holds, in order, until it is empty; completes synchronously when the socket takes it all at once.</summary>
    private async Task WriteQueuedAsync()
    {
        var session = Session;
        var sent = 0;
        try
        {
            while (session.Outbox.TryTakeForWriter(out var packet))
            {
                if (_stopSending)
                {
                    // The close handshake owns the socket now; the writer stays taken, so nothing starts it again.
                    return;
                }

                if (packet.Type == EnginePacketType.Close)
                {
                    // Over WebSocket the reference ends the session with the close handshake, not a packet.
                    ThreadPool.UnsafeQueueUserWorkItem(static s => s.OnCloseDelivered(), session, preferLocal: false);
                    return;
                }

                if (packet.IsBinary)
                {
                    await socket.SendAsync(packet.Binary, WebSocketMessageType.Binary, true, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await SendTextAsync(packet).ConfigureAwait(false);
                }

                sent++;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException || (_aborted && exception is WebSocketException or IOException or ObjectDisposedException))
        {
            // Stopped: the socket was aborted.
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            EngineLog.TransportFailed(endpoint.Logger, exception, session.Id);
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Terminate(EngineCloseReasons.TransportError), session, preferLocal: false);
        }
        finally
        {
            if (sent > 0)
            {
                endpoint.Metrics.PacketsSent(sent, WebSocketName);
            }
        }
    }

    private async ValueTask SendTextAsync(EnginePacket packet)
    {
        var text = packet.Text!;
        var length = 1 + System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var writer = new FixedBufferWriter(rented);
            var written = EnginePacketCodec.WriteUtf8(packet, writer);
            await socket.SendAsync(rented.AsMemory(0, written), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Closes the socket politely (close handshake), aborting it if the peer does not answer in time.</summary>
    private void BeginClose(WebSocketCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _ = CloseAsync(status);
    }

    private async Task CloseAsync(WebSocketCloseStatus status)
    {
        _stopSending = true;
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout, endpoint.Time);
                await socket.CloseOutputAsync(status, null, timeout.Token).ConfigureAwait(false);
            }

            await _receiveDone.Task.WaitAsync(CloseHandshakeTimeout, endpoint.Time).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The peer did not finish the handshake: cut it below.
        }
        finally
        {
            if (!_receiveDone.Task.IsCompleted)
            {
                // The peer did not answer: cut the read. A socket whose reads ended is left to close gracefully,
                // so the close frame just sent still reaches the client.
                Abort();
            }

            await _abort.CancelAsync().ConfigureAwait(false);
            _closeDone.TrySetResult();
        }
    }

    private void Abort()
    {
        _aborted = true;
        socket.Abort();
    }

    /// <summary>Waits for both loops and the close, so the request (and the socket) ends only when all is done.</summary>
    private async Task FinishAsync()
    {
        BeginClose(WebSocketCloseStatus.NormalClosure);
        await _closeDone.Task.ConfigureAwait(false);
        var writing = Volatile.Read(ref _writing);
        if (!writing.IsCompleted)
        {
            // A write the client does not read (it stopped reading, or its buffers are full) would hold the request.
            Abort();
        }

        await writing.ConfigureAwait(false);
        _abort.Dispose();
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over a rented array large enough for the whole packet.</summary>
    private sealed class FixedBufferWriter(byte[] buffer) : IBufferWriter<byte>
    {
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(_written);

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(_written);
    }
}
