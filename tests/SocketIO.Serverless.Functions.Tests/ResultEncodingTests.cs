using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace SocketIO.Serverless.Functions.Tests;

public sealed class ResultEncodingTests
{
    [Fact]
    public async Task An_ack_is_the_ack_packet_text_of_the_event_namespace_and_id()
    {
        var ev = await Read("""42/admin,13["admin command","x"]""", "/admin");

        var result = ev.Ack(new { ok = true, user = "alice" }, "消息已收到");

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("""43/admin,13[{"ok":true,"user":"alice"},"消息已收到"]""", result.Body);
        Assert.StartsWith("text/plain", result.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_ack_is_a_polling_payload_with_placeholders_at_any_depth()
    {
        var ev = await Read("""427["file"]""");

        var result = ev.Ack(new byte[] { 1, 2, 3 }, new { name = "f", data = new ReadOnlyMemory<byte>([9]) });

        Assert.Equal("462-7[{\"_placeholder\":true,\"num\":0},{\"name\":\"f\",\"data\":{\"_placeholder\":true,\"num\":1}}]\u001ebAQID\u001ebCQ==", result.Body);
    }

    [Fact]
    public async Task A_stream_in_an_ack_travels_as_an_attachment()
    {
        var ev = await Read("""427["file"]""");
        using var file = new MemoryStream([1, 2, 3]);

        var result = ev.Ack(file);

        Assert.Equal("461-7[{\"_placeholder\":true,\"num\":0}]\u001ebAQID", result.Body);
    }

    [Fact]
    public async Task An_ack_when_none_was_requested_is_a_204()
    {
        var ev = await Read("""42["message","hi"]""");

        var result = ev.Ack("消息已收到");

        Assert.Equal(204, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task A_rejection_is_a_non_2xx_json_body_with_message_and_data()
    {
        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("{}", "/admin"));

        var result = connect.Reject("未授权", new { retry = false });

        Assert.Equal(401, result.StatusCode);
        using var body = JsonDocument.Parse(result.Body!);
        Assert.Equal("未授权", body.RootElement.GetProperty("message").GetString());
        Assert.False(body.RootElement.GetProperty("data").GetProperty("retry").GetBoolean());
        Assert.Throws<ArgumentOutOfRangeException>(() => connect.Reject("x", statusCode: 200));
    }

    [Fact]
    public async Task Accepting_sends_socket_data_set_during_the_invocation_as_base64_json()
    {
        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("{}", "/admin"));
        connect.Socket.Data["username"] = "alice";

        var result = connect.Accept();

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("""{"username":"alice"}""", Encoding.UTF8.GetString(Convert.FromBase64String(result.ConnectionState!)));
    }

    [Fact]
    public async Task Unchanged_socket_data_sends_no_header_and_cleared_data_sends_an_empty_one()
    {
        var state = Upstream.State("""{"username":"alice"}""");
        var unchanged = await Read("""42["x"]""", state: state);
        var cleared = await Read("""42["x"]""", state: state);
        cleared.Socket.Data.Clear();

        Assert.Null(unchanged.Done().ConnectionState);
        Assert.Equal(string.Empty, cleared.Done().ConnectionState);
    }

    [Fact]
    public async Task As_an_action_result_it_writes_status_headers_and_body()
    {
        var ev = await Read("""421["x"]""");
        ev.Socket.Data["n"] = 1;
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ev.Ack("done").ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(Upstream.State("""{"n":1}"""), context.Response.Headers["ce-connectionState"].ToString());
        Assert.StartsWith("text/plain", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("""431["done"]""", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task As_http_response_data_it_carries_the_same_answer()
    {
        var ev = await Read("""421["x"]""");
        ev.Socket.Data["n"] = 1;
        var request = new FakeHttpRequestData(new FakeFunctionContext(), "POST", new Dictionary<string, string>(), string.Empty);

        var response = await ev.Ack("done").ToResponseAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Upstream.State("""{"n":1}"""), response.Headers.GetValues("ce-connectionState").Single());
        response.Body.Position = 0;
        Assert.Equal("""431["done"]""", new StreamReader(response.Body).ReadToEnd());
    }

    [Fact]
    public async Task A_request_can_be_read_from_http_request_data()
    {
        var http = Upstream.Event("""42/admin,5["admin command",1]""", "/admin");
        var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString());
        var body = new StreamReader(http.Body).ReadToEnd();
        var request = new FakeHttpRequestData(new FakeFunctionContext(), "POST", headers, body);

        var ev = await SocketIOEvent.ReadAsync(request);

        Assert.Equal("admin command", ev.Name);
        Assert.Equal(1, ev.Arg<int>(0));
        Assert.Same(ev, await SocketIORequest.ReadAsync(request));
    }

    private static async Task<SocketIOEvent> Read(string body, string @namespace = "/", string? state = null) =>
        Assert.IsType<SocketIOEvent>(await Upstream.Reader().ReadAsync(Upstream.Event(body, @namespace, state: state)));
}
