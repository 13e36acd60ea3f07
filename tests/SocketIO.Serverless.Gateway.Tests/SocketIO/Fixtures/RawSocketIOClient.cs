using System.Net.WebSockets;
using System.Text;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

/// <summary>
/// A bare WebSocket speaking Engine.IO/Socket.IO text by hand, for protocol cases the official client never
/// produces (events before the connect completed, malformed packets, no CONNECT at all). Answers pings itself.
/// </summary>
public sealed class RawSocketIOClient : IAsyncDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();
    private readonly TimeSpan _receiveTimeout;

    private RawSocketIOClient(TimeSpan receiveTimeout) => _receiveTimeout = receiveTimeout;

    public static async Task<RawSocketIOClient> ConnectAsync(Uri gateway, TimeSpan? receiveTimeout = null)
    {
        var client = new RawSocketIOClient(receiveTimeout ?? ReceiveTimeout);
        var uri = new UriBuilder(gateway) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None).ConfigureAwait(false);
        var open = await client.ReceiveAsync().ConfigureAwait(false);
        if (open is null || !open.StartsWith('0'))
        {
            throw new InvalidOperationException($"Expected the Engine.IO open packet, got {open ?? "a close"}.");
        }

        return client;
    }

    /// <summary>Sends one Engine.IO text packet, e.g. <c>40/slow,</c>.</summary>
    public Task SendAsync(string packet) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends one binary frame (an Engine.IO v4 binary message: the attachment's bytes as they are).</summary>
    public Task SendBinaryAsync(byte[] attachment) =>
        _socket.SendAsync(attachment, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>The next text packet that is not a ping, or null once the server closed the connection.</summary>
    public async Task<string?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(_receiveTimeout);
        while (true)
        {
            var buffer = new ArrayBufferWriterStream();
            WebSocketReceiveResult result;
            do
            {
                var chunk = new byte[8192];
                try
                {
                    result = await _socket.ReceiveAsync(chunk, timeout.Token).ConfigureAwait(false);
                }
                catch (WebSocketException)
                {
                    return null;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Write(chunk.AsSpan(0, result.Count));
            }
            while (!result.EndOfMessage);

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (text == "2")
            {
                await SendAsync("3").ConfigureAwait(false);
                continue;
            }

            return text;
        }
    }

    /// <summary>Receives until the server closes the connection; returns what came before the close.</summary>
    public async Task<List<string>> ReceiveUntilClosedAsync()
    {
        var received = new List<string>();
        while (await ReceiveAsync().ConfigureAwait(false) is { } packet)
        {
            received.Add(packet);
        }

        return received;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class ArrayBufferWriterStream
    {
        private readonly List<byte> _bytes = [];

        public void Write(ReadOnlySpan<byte> bytes) => _bytes.AddRange(bytes);

        public byte[] ToArray() => [.. _bytes];
    }
}
