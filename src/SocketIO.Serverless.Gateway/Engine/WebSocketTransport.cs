using System.Buffers;
using System.Net.WebSockets;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// A WebSocket carrying one session: a receive loop (text frames are packets, binary frames binary messages)
/// and, once this socket carries the session, a send loop draining the session's outbox. A socket opened with
/// a <c>sid</c> first runs the upgrade: <c>2probe</c> → <c>3probe</c>, then <c>5</c> makes it the session's transport.
/// </summary>
internal sealed class WebSocketTransport(WebSocket socket, EngineEndpoint endpoint) : EngineTransport
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly TaskCompletionSource _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EngineSession? _session;
    private Task _sendLoop = Task.CompletedTask;
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

    private void StartSending() => _sendLoop = Task.Run(SendLoopAsync);

    /// <summary>Returns the close reason for the session when the socket ended it, null when it just stopped.</summary>
    private async Task<string?> ReceiveLoopAsync(bool upgrading)
    {
        var session = Session;
        var max = endpoint.Options.MaxHttpBufferSize;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        using var upgradeTimeout = upgrading ? new CancellationTokenSource(TimeSpan.FromMilliseconds(endpoint.Options.UpgradeTimeout), endpoint.Time) : null;
        using var upgradeOrAbort = upgrading ? CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, upgradeTimeout!.Token) : null;
        try
        {
            while (true)
            {
                var token = upgrading ? upgradeOrAbort!.Token : _abort.Token;
                if (!upgrading)
                {
                    // Back-pressure: while the application cannot take more, no frame is read and TCP pushes back.
                    await session.ReceivePause.WhenResumedAsync(token).ConfigureAwait(false);
                }

                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer, count);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), token).ConfigureAwait(false);
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
                while (!result.EndOfMessage);

                EnginePacket packet;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    packet = EnginePacketCodec.DecodeBinaryFrame(buffer.AsSpan(0, count).ToArray());
                }
                else if (!EnginePacketCodec.TryDecodeText(buffer.AsSpan(0, count), out packet, out var error))
                {
                    if (upgrading)
                    {
                        return "invalid probe packet";
                    }

                    session.OnParseError(error);
                    return EngineCloseReasons.ParseError;
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
                    await SendTextAsync(EnginePacket.Of(EnginePacketType.Pong, EnginePacket.Probe), token).ConfigureAwait(false);
                    session.OnProbe(this);
                }
                else if (packet.Type == EnginePacketType.Upgrade && session.TryCompleteUpgrade(this))
                {
                    upgrading = false;
                    StartSending();
                }
                else
                {
                    return "unexpected packet during upgrade";
                }
            }
        }
        catch (OperationCanceledException) when (upgradeTimeout?.IsCancellationRequested == true && !_abort.IsCancellationRequested)
        {
            // The caller resumes polling first, then closes this socket.
            return "upgrade timeout";
        }
        catch (OperationCanceledException)
        {
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
            ArrayPool<byte>.Shared.Return(buffer);
            _receiveDone.TrySetResult();
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

    private async Task SendLoopAsync()
    {
        var session = Session;
        var packets = new List<EnginePacket>();
        try
        {
            while (await session.Outbox.WaitAsync(_stopSending.Token).ConfigureAwait(false))
            {
                packets.Clear();
                session.Outbox.Drain(packets);
                var sent = 0;
                foreach (var packet in packets)
                {
                    if (packet.Type == EnginePacketType.Close)
                    {
                        // Over WebSocket the reference ends the session with the close handshake, not a packet.
                        endpoint.Metrics.PacketsSent(sent, WebSocketName);
                        session.OnCloseDelivered();
                        return;
                    }

                    if (packet.IsBinary)
                    {
                        await socket.SendAsync(packet.Binary, WebSocketMessageType.Binary, true, _abort.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendTextAsync(packet, _abort.Token).ConfigureAwait(false);
                    }

                    sent++;
                }

                endpoint.Metrics.PacketsSent(sent, WebSocketName);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            EngineLog.TransportFailed(endpoint.Logger, exception, session.Id);
            session.Terminate(EngineCloseReasons.TransportError);
        }
    }

    private async ValueTask SendTextAsync(EnginePacket packet, CancellationToken cancellationToken)
    {
        var text = packet.Text!;
        var length = 1 + System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var writer = new FixedBufferWriter(rented);
            var written = EnginePacketCodec.WriteUtf8(packet, writer);
            await socket.SendAsync(rented.AsMemory(0, written), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
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
        await _stopSending.CancelAsync().ConfigureAwait(false);
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
            await _abort.CancelAsync().ConfigureAwait(false);
            _closeDone.TrySetResult();
        }
    }

    /// <summary>Waits for both loops and the close, so the request (and the socket) ends only when all is done.</summary>
    private async Task FinishAsync()
    {
        BeginClose(WebSocketCloseStatus.NormalClosure);
        await _closeDone.Task.ConfigureAwait(false);
        await _sendLoop.ConfigureAwait(false);
        _abort.Dispose();
        _stopSending.Dispose();
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
