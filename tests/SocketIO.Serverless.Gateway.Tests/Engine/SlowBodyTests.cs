using System.Net.Sockets;
using System.Text;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

/// <summary>
/// A polling POST whose body trickles in, over a raw socket as the probe sent it: abandoned when its session
/// ends (the reference destroys it), and answered 4xx, never an empty 200, when Kestrel cuts it for being too slow.
/// </summary>
public sealed class SlowBodyTests
{
    [Fact]
    public async Task A_trickling_post_is_answered_400_and_dropped_once_its_session_closed()
    {
        // The trickling client cannot pong (its only POST is stuck), so the session ends by ping timeout.
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.PingInterval = 300;
            o.PingTimeout = 300;
        });
        var (sid, _) = await host.HandshakeAsync();

        var status = await TrickleAsync(host, sid, TimeSpan.FromMilliseconds(100));

        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_too_slow_for_kestrel_gets_a_4xx_not_an_empty_200()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.PingInterval = 60_000;
            o.PingTimeout = 60_000;
        });
        var (sid, _) = await host.HandshakeAsync();

        // One byte a second, far below Kestrel's 240 B/s minimum once its 5 s grace is over.
        var status = await TrickleAsync(host, sid, TimeSpan.FromSeconds(1));

        Assert.Matches("^HTTP/1.1 4[0-9][0-9]", status);
    }

    /// <summary>Sends a chunked POST one byte per <paramref name="pace"/> until the server answers; returns its status line.</summary>
    private static async Task<string> TrickleAsync(EngineTestHost host, string sid, TimeSpan pace)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /engine.io/?EIO=4&transport=polling&sid={sid} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\n" +
                   "Content-Type: text/plain;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer).AsTask();
        for (var i = 0; i < 120 && !reading.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync("1\r\nx\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(pace));
        }

        var read = await reading.WaitAsync(EngineTestHost.Patience);
        Assert.True(read > 0, "the server closed the connection without an answer");
        return Encoding.ASCII.GetString(answer, 0, read).Split("\r\n")[0];
    }
}
