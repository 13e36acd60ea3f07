using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace SocketIO.Serverless.Bench;

/// <summary>What a scenario does when an ack or a broadcast delivery arrives (on the socket's receive loop).</summary>
internal interface IBenchLoad
{
    ValueTask OnAckAsync(BenchSocket socket, int id, long receivedAt);

    void OnDelivery(BenchSocket socket, int sequence, long receivedAt);
}

/// <summary>
/// One client of namespace "/" on a raw WebSocket, speaking just enough Engine.IO v4 / Socket.IO v5 with
/// pre-encoded frames: open, CONNECT, ping/pong, EVENT with an ack id, ACK, and events without one (deliveries).
/// In raw mode (the bare Kestrel echo) there is no Engine.IO: the echoed EVENT frame counts as its ack.
/// </summary>
internal sealed class BenchSocket : IDisposable
{
    private const int RequestIds = 1_000_000;
    private static readonly byte[] Pong = "3"u8.ToArray();
    private static readonly byte[] Connect = "40"u8.ToArray();
    private static readonly byte[] EchoSuffix = "[\"echo\",\"0123456789abcdef\"]"u8.ToArray();
    private static readonly byte[] BroadcastPrefix = "42[\"broadcast\","u8.ToArray();

    private readonly ClientWebSocket _webSocket;
    private readonly bool _raw;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _sendBuffer = new byte[128];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _requests = new();
    private byte[] _receiveBuffer = new byte[1024];
    private int _nextAckId;
    private int _nextRequestId = RequestIds;

    private BenchSocket(ClientWebSocket webSocket, bool raw)
    {
        _webSocket = webSocket;
        _raw = raw;
    }

    public IBenchLoad? Load { get; set; }

    /// <summary>When each in-flight echo was sent, by ack id (at most 128 in flight).</summary>
    public long[] SentAt { get; } = new long[128];

    /// <summary>Latencies in <see cref="Stopwatch"/> ticks, recorded by the load on this socket's receive loop.</summary>
    public List<long> Latencies { get; } = [];

    public static async Task<BenchSocket> ConnectAsync(BenchEndpoint endpoint, CancellationToken cancellationToken)
    {
        var webSocket = new ClientWebSocket();
        webSocket.Options.KeepAliveInterval = TimeSpan.Zero;
        webSocket.Options.SetBuffer(1024, 1024);
        var socket = new BenchSocket(webSocket, endpoint.Raw);
        try
        {
            await webSocket.ConnectAsync(endpoint.Uri, endpoint.Invoker, cancellationToken).ConfigureAwait(false);
            _ = socket.ReceiveLoopAsync();
            if (endpoint.Raw)
            {
                socket._connected.TrySetResult();
            }

            await socket._connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary><c>42&lt;id&gt;["echo","0123456789abcdef"]</c>, the id's send time kept in <see cref="SentAt"/>.</summary>
    public async ValueTask SendEchoAsync()
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var id = _nextAckId;
            _nextAckId = (id + 1) % RequestIds;
            var length = WriteEvent(id, EchoSuffix);
            SentAt[id & 127] = Stopwatch.GetTimestamp();
            await _webSocket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary><c>42["broadcast",&lt;sequence&gt;]</c>.</summary>
    public async ValueTask SendBroadcastAsync(int sequence)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            BroadcastPrefix.CopyTo(_sendBuffer, 0);
            Utf8Formatter.TryFormat(sequence, _sendBuffer.AsSpan(BroadcastPrefix.Length), out var written);
            _sendBuffer[BroadcastPrefix.Length + written] = (byte)']';
            await _webSocket.SendAsync(_sendBuffer.AsMemory(0, BroadcastPrefix.Length + written + 1), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Emits <paramref name="eventName"/> with an ack and returns the ack's payload (its JSON array).</summary>
    public async Task<string> RequestAsync(string eventName, TimeSpan timeout)
    {
        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var id = _nextRequestId++;
            _requests[id] = completion;
            var length = WriteEvent(id, Encoding.UTF8.GetBytes($"[\"{eventName}\"]"));
            await _webSocket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        return await completion.Task.WaitAsync(timeout).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _webSocket.Abort();
        _webSocket.Dispose();
    }

    private int WriteEvent(int id, ReadOnlySpan<byte> suffix)
    {
        _sendBuffer[0] = (byte)'4';
        _sendBuffer[1] = (byte)'2';
        Utf8Formatter.TryFormat(id, _sendBuffer.AsSpan(2), out var written);
        suffix.CopyTo(_sendBuffer.AsSpan(2 + written));
        return 2 + written + suffix.Length;
    }

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await _webSocket.ReceiveAsync(_receiveBuffer.AsMemory(filled), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == _receiveBuffer.Length)
                    {
                        Array.Resize(ref _receiveBuffer, _receiveBuffer.Length * 2);
                    }

                    continue;
                }

                var receivedAt = Stopwatch.GetTimestamp();
                var length = filled;
                filled = 0;
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await HandleAsync(length, receivedAt).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Closed by the scenario or the server.
        }
        finally
        {
            _connected.TrySetException(new IOException("the connection closed before the Socket.IO CONNECT"));
        }
    }

    private ValueTask HandleAsync(int length, long receivedAt)
    {
        var message = _receiveBuffer.AsSpan(0, length);
        if (_raw)
        {
            return HandleSocketPacket(message, receivedAt);
        }

        switch (message[0])
        {
            case (byte)'2' when length == 1:
                return SendAsync(Pong);
            case (byte)'0':
                return SendAsync(Connect);
            case (byte)'4':
                return HandleSocketPacket(message[1..], receivedAt);
            default:
                return ValueTask.CompletedTask;
        }
    }

    // A Socket.IO packet (raw mode: the echoed Engine.IO message, "4" included).
    private ValueTask HandleSocketPacket(ReadOnlySpan<byte> packet, long receivedAt)
    {
        if (_raw)
        {
            if (packet.Length < 2 || packet[0] != (byte)'4')
            {
                return ValueTask.CompletedTask;
            }

            packet = packet[1..];
        }

        switch (packet.Length == 0 ? (byte)0 : packet[0])
        {
            case (byte)'0':
                _connected.TrySetResult();
                return ValueTask.CompletedTask;
            case (byte)'4':
                _connected.TrySetException(new IOException("connect_error: " + Encoding.UTF8.GetString(packet)));
                return ValueTask.CompletedTask;
            case (byte)'2' or (byte)'3':
                var isAck = packet[0] == (byte)'3' || _raw;
                var digits = 1;
                while (digits < packet.Length && packet[digits] is >= (byte)'0' and <= (byte)'9')
                {
                    digits++;
                }

                if (digits > 1 && isAck && Utf8Parser.TryParse(packet[1..digits], out int id, out _))
                {
                    if (id >= RequestIds)
                    {
                        if (_requests.TryRemove(id, out var completion))
                        {
                            completion.TrySetResult(Encoding.UTF8.GetString(packet[digits..]));
                        }

                        return ValueTask.CompletedTask;
                    }

                    return Load?.OnAckAsync(this, id, receivedAt) ?? ValueTask.CompletedTask;
                }

                if (digits == 1 && packet[0] == (byte)'2' && TryParseLastNumber(packet, out var sequence))
                {
                    Load?.OnDelivery(this, sequence, receivedAt);
                }

                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    // ["bcast",123] (or ["broadcast",123] echoed raw): the number before the closing bracket.
    private static bool TryParseLastNumber(ReadOnlySpan<byte> packet, out int value)
    {
        var end = packet.LastIndexOf((byte)']');
        var start = end;
        while (start > 0 && packet[start - 1] is >= (byte)'0' and <= (byte)'9')
        {
            start--;
        }

        value = 0;
        return end > start && Utf8Parser.TryParse(packet[start..end], out value, out _);
    }

    private async ValueTask SendAsync(byte[] frame)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _webSocket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

/// <summary>Where the sockets connect: the server's /socket.io/ WebSocket URL, from several loopback source addresses.</summary>
internal sealed class BenchEndpoint : IDisposable
{
    // Linux: pick the source port at connect time (by the 4-tuple), not at bind time, so ports go much further.
    private const int IpBindAddressNoPort = 24;
    private readonly IPAddress[] _sources;
    private int _next;

    public BenchEndpoint(int port, bool raw, int sourceAddresses)
    {
        Uri = new Uri($"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket");
        Raw = raw;
        _sources = [.. Enumerable.Range(1, sourceAddresses).Select(i => new IPAddress(new byte[] { 127, 0, 0, (byte)i }))];
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectCallback = ConnectAsync });
    }

    public Uri Uri { get; }

    public bool Raw { get; }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetRawSocketOption(0, IpBindAddressNoPort, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(_sources[(int)((uint)Interlocked.Increment(ref _next) % _sources.Length)], 0));
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
