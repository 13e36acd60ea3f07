using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace SocketIO.Serverless.Bench;

/// <summary>
/// This machine's ceiling: Kestrel's WebSockets with no Engine.IO or Socket.IO. Every text message is sent back to
/// its sender, except <c>42["broadcast",...</c>, which goes as it is to every connection (the fan-out alone).
/// A message naming <c>bench:stats</c> runs a full garbage collection first, as the other servers do. A POST to
/// <see cref="UpstreamFloorCaller.Route"/> is answered like the echo function answers the gateway (the upstream floor).
/// </summary>
internal static class EchoServer
{
    public const string Command = "serve-echo";

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var peers = new ConcurrentDictionary<Peer, byte>();
        app.UseWebSockets();
        app.Map("/socket.io/", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await context.Response.WriteAsync("ready");
                return;
            }

            using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
            var peer = new Peer(webSocket);
            peers.TryAdd(peer, 0);
            try
            {
                await peer.EchoAsync(peers);
            }
            finally
            {
                peers.TryRemove(peer, out _);
            }
        });
        // The upstream floor (LoadScenarios.UpstreamFloor.cs): a function's work is nil, its answer a fixed ACK.
        var ack = "43[\"0123456789abcdef\"]"u8.ToArray();
        app.MapPost(UpstreamFloorCaller.Route, async context =>
        {
            var buffer = new byte[1024];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            context.Response.ContentType = "text/plain;charset=UTF-8";
            await context.Response.Body.WriteAsync(ack);
        });
        Console.WriteLine($"Bench server ready (echo): http://127.0.0.1:{port}");
        await app.RunAsync();
    }

    private sealed class Peer(WebSocket webSocket)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);

        public async Task EchoAsync(ConcurrentDictionary<Peer, byte> peers)
        {
            var buffer = new byte[1024];
            var filled = 0;
            try
            {
                while (true)
                {
                    var result = await webSocket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    filled += result.Count;
                    if (!result.EndOfMessage)
                    {
                        if (filled == buffer.Length)
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }

                        continue;
                    }

                    var message = buffer.AsMemory(0, filled);
                    filled = 0;
                    if (message.Span.StartsWith("42[\"broadcast\""u8))
                    {
                        foreach (var peer in peers.Keys)
                        {
                            await peer.SendAsync(message);
                        }

                        continue;
                    }

                    if (message.Span.IndexOf("bench:stats"u8) >= 0)
                    {
                        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    }

                    await SendAsync(message);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
            {
                // The client went away.
            }
        }

        private async ValueTask SendAsync(ReadOnlyMemory<byte> message)
        {
            await _sendLock.WaitAsync();
            try
            {
                await webSocket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }
}
