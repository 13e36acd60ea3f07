using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using SocketIO.Serverless.Gateway.Management;
using SocketIO.Serverless.Gateway.Tests.Management;
using SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;
using SocketIO.Serverless.Protocol.EngineIO;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Tests.Fuzz;

/// <summary>
/// Time-bounded fuzzing (FUZZ_SECONDS, default 10; FUZZ_SEED reproduces a run) of everything a stranger can
/// send: Engine.IO and Socket.IO frames over raw WebSockets and polling POSTs, and management API requests with a
/// valid token (paths, bodies, filters, query values). Nothing may escape as an exception or a 5xx, and a healthy
/// client connected all along keeps being served.
/// </summary>
public sealed class HostileInputFuzzTests(UpstreamGatewayFixture gateway) : IClassFixture<UpstreamGatewayFixture>, IDisposable
{
    private static readonly string[] SocketSeeds =
    [
        "40", "40/admin,{\"token\":\"x\"}", "41", "42[\"message\",1]", "42/admin,7[\"admin command\",{\"x\":1}]", "43/admin,7[\"ok\"]",
        "451-[\"file\",{\"_placeholder\":true,\"num\":0}]", "452-3[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "42[\"..\"]", "42[\".\",\"x\"]", "40//admin,", "40/admin/.,", "40/ADMIN,", "2", "3", "5", "6", "1",
    ];

    private static readonly string[] FilterSeeds =
    [
        "userId eq 'a'", "'0~Lw~cm0' in groups", "not (connectionId ne 'c')", "length(userId) gt 3 and startswith(userId, 'a')",
        "connectionId in ('a','b')", "userId eq null or true",
    ];

    private static readonly string[] ManagementRoutes =
    [
        "POST /:send", "POST /groups/{group}/:send", "POST /connections/{id}/:send", "POST /:addToGroups", "POST /:removeFromGroups",
        "PUT /groups/{group}/connections/{id}", "DELETE /groups/{group}/connections/{id}", "HEAD /groups/{group}", "HEAD /connections/{id}",
        "GET /groups/{group}/connections", "DELETE /connections/{id}", "POST /sockets/{id}/:emitWithAck", "PUT /sockets/{id}/groups/{group}",
        "DELETE /sockets/{id}/groups/{group}", "GET /sockets/{id}", "DELETE /sockets/{id}", "GET /sockets",
    ];

    private const string Alphabet = "0123456789-/,[]{}\":_~.%'() \\\u0000\u001e\u00e9\u4f60\ud83d\ude00abclLwqeorntd*?#&=+";

    private readonly ManagementClient _api = new(gateway.Url, UpstreamGatewayFixture.AccessKey);
    private readonly HttpClient _http = new() { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _api.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task Hostile_frames_and_management_requests_never_crash_and_a_healthy_client_keeps_being_served()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 10;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var context = $"(FUZZ_SEED={seed})";
        await using var healthy = await HeldClient.StartAsync(gateway.Url);
        var end = DateTime.UtcNow.AddSeconds(seconds);
        var rounds = 0;
        while (DateTime.UtcNow < end)
        {
            rounds++;
            await WebSocketRoundAsync(random, context);
            await PollingRoundAsync(random, context);
            for (var i = 0; i < 5; i++)
            {
                await ManagementRequestAsync(random, healthy, context);
            }

            if (rounds % 10 == 0)
            {
                await AssertServedAsync(healthy, rounds, context);
            }
        }

        await AssertServedAsync(healthy, rounds, context);
        Assert.True(rounds > 1, $"only {rounds} round(s) in {seconds} s {context}");
    }

    private async Task AssertServedAsync(HeldClient healthy, int round, string context)
    {
        using var sent = await _api.SendAsync(HttpMethod.Post, $"/connections/{healthy.ConnectionId}/:send", $"42[\"message\",\"alive {round}\"]");
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, $"{(int)sent.StatusCode} sending to the healthy client {context}");
        await healthy.WaitForAsync($"EVENT / message [\"alive {round}\"]");
    }

    private async Task WebSocketRoundAsync(Random random, string context)
    {
        using var socket = new ClientWebSocket();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var uri = new UriBuilder(gateway.Url) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, deadline.Token);
            await socket.SendAsync("40"u8.ToArray(), WebSocketMessageType.Text, true, deadline.Token);
            for (var i = random.Next(1, 12); i > 0 && socket.State == WebSocketState.Open; i--)
            {
                if (random.Next(5) == 0)
                {
                    await socket.SendAsync(RandomBytes(random), WebSocketMessageType.Binary, true, deadline.Token);
                }
                else
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(SocketText(random)), WebSocketMessageType.Text, true, deadline.Token);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The gateway closing a hostile socket is the expected outcome; a crash shows in the health check.
        }
        finally
        {
            socket.Abort();
        }
    }

    private async Task PollingRoundAsync(Random random, string context)
    {
        using var open = await _http.GetAsync("/socket.io/?EIO=4&transport=polling");
        var handshake = await open.Content.ReadAsStringAsync();
        var sid = System.Text.Json.JsonDocument.Parse(handshake[1..]).RootElement.GetProperty("sid").GetString();
        var packets = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(6) == 0 ? "b" + Convert.ToBase64String(RandomBytes(random)) : SocketText(random));
        var payload = "40\u001e" + string.Join('\u001e', packets);
        if (random.Next(4) == 0)
        {
            payload = Mutate(random, payload);
        }

        using var content = new StringContent(payload, Encoding.UTF8, "text/plain");
        using var post = await _http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", content);
        Assert.True((int)post.StatusCode < 500, $"{(int)post.StatusCode} for polling payload {Describe(payload)} {context}");
        using var close = new StringContent("1", Encoding.UTF8, "text/plain");
        using var closed = await _http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", close);
        Assert.True((int)closed.StatusCode < 500, $"{(int)closed.StatusCode} closing a polling session {context}");
    }

    private async Task ManagementRequestAsync(Random random, HeldClient healthy, string context)
    {
        var route = ManagementRoutes[random.Next(ManagementRoutes.Length)].Split(' ');
        var method = new HttpMethod(route[0]);
        var group = random.Next(3) switch
        {
            0 => ManagementClient.Room("/", Mutate(random, "lobby")),
            1 => Uri.EscapeDataString(Mutate(random, "0~Lw~bG9iYnk")),
            _ => Uri.EscapeDataString(RandomText(random, 12)),
        };
        var id = random.Next(2) == 0 ? healthy.ConnectionId + "x" : Uri.EscapeDataString(RandomText(random, 8));
        var path = route[1].Replace("{group}", group, StringComparison.Ordinal).Replace("{id}", id, StringComparison.Ordinal);
        var query = random.Next(4) switch
        {
            0 => "?filter=" + Uri.EscapeDataString(Mutate(random, FilterSeeds[random.Next(FilterSeeds.Length)])),
            1 => "?timeout=" + Uri.EscapeDataString(RandomText(random, 6)) + "&namespace=" + Uri.EscapeDataString(RandomText(random, 6)),
            2 => "?maxpagesize=" + random.Next(-5, 5) + "&excluded=" + Uri.EscapeDataString(RandomText(random, 6)),
            _ => string.Empty,
        };
        string? body = null;
        var contentType = "text/plain";
        if (method == HttpMethod.Post)
        {
            if (path.Contains("Groups", StringComparison.Ordinal))
            {
                contentType = "application/json";
                body = random.Next(3) == 0 ? RandomText(random, 30)
                    : $"{{\"groups\":[\"{Mutate(random, "0~Lw~cm0")}\"],\"filter\":\"{Mutate(random, FilterSeeds[random.Next(FilterSeeds.Length)]).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}";
            }
            else
            {
                body = SocketText(random);
            }
        }

        // Sends may carry a DISCONNECT: a legitimate order, but not for the healthy client, which must stay.
        if (path.EndsWith("/:send", StringComparison.Ordinal) && !path.StartsWith("/connections/", StringComparison.Ordinal))
        {
            query += (query.Length == 0 ? "?" : "&") + "excluded=" + healthy.ConnectionId;
        }

        // The emitWithAck route waits for an ack at most a moment.
        if (path.Contains(":emitWithAck", StringComparison.Ordinal) && !query.Contains("timeout", StringComparison.Ordinal))
        {
            query = "?timeout=50";
        }

        HttpResponseMessage response;
        try
        {
            response = await _api.SendAsync(method, path + query, body, contentType);
        }
        catch (UriFormatException)
        {
            return; // Not a URL the client can even send.
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.GatewayTimeout,
                $"{(int)response.StatusCode} for {method} {path}{query} {Describe(body)}: {text} {context}");
        }
    }

    private static string SocketText(Random random)
    {
        var seed = SocketSeeds[random.Next(SocketSeeds.Length)];
        return random.Next(3) switch
        {
            0 => seed,
            1 => Mutate(random, seed),
            _ => "4" + RandomText(random, 20),
        };
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2 when builder.Length > 0:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    builder.Insert(at, new string('(', random.Next(1, 200)));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string RandomText(Random random, int max) =>
        new([.. Enumerable.Range(0, random.Next(0, max)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Describe(string? text) => text is null ? "(no body)" : System.Text.Json.JsonSerializer.Serialize(text.Length > 300 ? text[..300] : text);
}
