using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class PollingTransportTests : IAsyncLifetime
{
    private EngineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Handshake_opens_a_session_with_an_unguessable_url_safe_sid_and_node_defaults()
    {
        using var response = await _host.Http.GetAsync(_host.Url("EIO=4&transport=polling"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0{", body);
        var json = JsonDocument.Parse(body[1..]).RootElement;
        var sid = json.GetProperty("sid").GetString()!;
        Assert.Equal(20, sid.Length);
        Assert.All(sid, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
        Assert.Equal(["websocket"], json.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(25000, json.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, json.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, json.GetProperty("maxPayload").GetInt64());

        var (other, _) = await _host.HandshakeAsync();
        Assert.NotEqual(sid, other);
    }

    [Fact]
    public async Task Post_then_get_echoes_text_and_binary_records()
    {
        var (sid, _) = await _host.HandshakeAsync();
        using (var post = await _host.PostAsync(sid, "4hello\u001ebAQIDBA==\u001e4€"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        }

        Assert.Equal("4hello\u001ebAQIDBA==\u001e4€", await _host.PollTextAsync(sid));
    }

    [Fact]
    public async Task A_pending_get_is_answered_when_a_message_arrives()
    {
        var (sid, _) = await _host.HandshakeAsync();
        var poll = _host.PollAsync(sid);
        await _host.WaitForPendingPollsAsync(1);
        using (await _host.PostAsync(sid, "4late"))
        {
        }

        using var response = await poll;
        Assert.Equal("4late", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("EIO=4&transport=polling&sid=nope", 1, "Session ID unknown")]
    [InlineData("EIO=4&transport=carrier-pigeon", 0, "Transport unknown")]
    [InlineData("EIO=4", 0, "Transport unknown")]
    [InlineData("EIO=3&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=abc&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("EIO=4&transport=websocket", 3, "Bad request")]
    public async Task Bad_requests_get_400_with_the_reference_error_json(string query, int code, string message)
    {
        using var response = await _host.Http.GetAsync(_host.Url(query));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, code, message);
    }

    [Fact]
    public async Task A_handshake_must_be_a_get()
    {
        using var response = await _host.Http.PostAsync(_host.Url("EIO=4&transport=polling"), new StringContent("4x"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 2, "Bad handshake method");
        using var put = await _host.Http.PutAsync(_host.Url("EIO=4&transport=polling"), new StringContent("4x"));
        await AssertErrorAsync(put, HttpStatusCode.BadRequest, 2, "Bad handshake method");
    }

    [Fact]
    public async Task A_concurrent_get_gets_400_and_closes_the_session_like_the_reference()
    {
        var (sid, _) = await _host.HandshakeAsync();
        var first = _host.PollAsync(sid);
        await _host.WaitForPendingPollsAsync(1);

        using (var second = await _host.PollAsync(sid))
        {
            await AssertErrorAsync(second, HttpStatusCode.BadRequest, 3, "Bad request");
        }

        using (var answered = await first)
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Equal("1", await answered.Content.ReadAsStringAsync());
        }

        using var after = await _host.PollAsync(sid);
        await AssertErrorAsync(after, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    [Fact]
    public async Task An_oversized_post_gets_413_closes_that_session_and_the_server_keeps_serving_others()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var (victim, _) = await host.HandshakeAsync();
        var (bystander, _) = await host.HandshakeAsync();

        using (var tooBig = await host.PostAsync(victim, "4" + new string('x', 1000)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        }

        using (var gone = await host.PollAsync(victim))
        {
            await AssertErrorAsync(gone, HttpStatusCode.BadRequest, 1, "Session ID unknown");
        }

        using (await host.PostAsync(bystander, "4still here"))
        {
        }

        Assert.Equal("4still here", await host.PollTextAsync(bystander));
        var (fresh, handshake) = await host.HandshakeAsync();
        Assert.Equal(1000, handshake.GetProperty("maxPayload").GetInt64());
        Assert.NotEqual(victim, fresh);
    }

    [Fact]
    public async Task A_post_at_exactly_max_size_is_accepted()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var (sid, _) = await host.HandshakeAsync();
        var payload = "4" + new string('y', 999);
        using (var post = await host.PostAsync(sid, payload))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal(payload, await host.PollTextAsync(sid));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("4ok\u001e")]
    [InlineData("b%%%")]
    public async Task A_malformed_payload_closes_the_session_with_400(string payload)
    {
        var (sid, _) = await _host.HandshakeAsync();
        using (var post = await _host.PostAsync(sid, payload))
        {
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }

        using var after = await _host.PollAsync(sid);
        await AssertErrorAsync(after, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_post_closes_the_session()
    {
        var (sid, _) = await _host.HandshakeAsync();
        using var content = new ByteArrayContent([(byte)'4', 0xC3, 0x28]);
        using (var post = await _host.Http.PostAsync(_host.Url($"EIO=4&transport=polling&sid={sid}"), content))
        {
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }

        using var after = await _host.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task A_close_packet_from_the_client_ends_the_session_and_the_pending_get_gets_noop()
    {
        var (sid, _) = await _host.HandshakeAsync();
        var poll = _host.PollAsync(sid);
        await _host.WaitForPendingPollsAsync(1);
        using (var post = await _host.PostAsync(sid, "1"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using (var answered = await poll)
        {
            Assert.Equal("6", await answered.Content.ReadAsStringAsync());
        }

        using var after = await _host.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task A_get_racing_the_clients_close_gets_noop_once_then_the_sid_is_unknown()
    {
        var (sid, _) = await _host.HandshakeAsync();
        using (await _host.PostAsync(sid, "1"))
        {
        }

        // The GET the client sent before its close, arriving after it on another connection.
        Assert.Equal("6", await _host.PollTextAsync(sid));
        using var after = await _host.PollAsync(sid);
        await AssertErrorAsync(after, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    [Fact]
    public async Task An_aborted_poll_closes_the_session_with_transport_error()
    {
        var app = new RecordingApplication();
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (var abort = new CancellationTokenSource())
        {
            var poll = host.PollAsync(sid, abort.Token, "/rec/");
            await host.WaitForPendingPollsAsync(1);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        }

        Assert.Equal("transport error", await app.ClosedAsync(sid));
        using var after = await host.PollAsync(sid, path: "/rec/");
        await AssertErrorAsync(after, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.Equal(message, json.GetProperty("message").GetString());
    }
}
