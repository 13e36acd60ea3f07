using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions.Tests;

public sealed class RequestReadingTests
{
    private sealed record Command(int X);

    private sealed record Upload(string Name, byte[] Data);

    [Fact]
    public async Task A_text_event_gives_its_name_namespace_ack_id_and_typed_arguments()
    {
        var request = Upstream.Event("""42/admin,13["admin command",{"x":1},"two"]""", "/admin", "admin command");

        var ev = Assert.IsType<SocketIOEvent>(await Upstream.Reader().ReadAsync(request));

        Assert.Equal("admin command", ev.Name);
        Assert.Equal("/admin", ev.Namespace);
        Assert.Equal(Upstream.SocketId, ev.SocketId);
        Assert.Equal(Upstream.ConnectionId, ev.ConnectionId);
        Assert.Equal("hub", ev.Hub);
        Assert.True(ev.AckRequested);
        Assert.Equal(13, ev.AckId);
        Assert.Equal(2, ev.ArgumentCount);
        Assert.Equal(new Command(1), ev.Arg<Command>(0));
        Assert.Equal("two", ev.Arg<string>(1));
    }

    [Fact]
    public async Task A_missing_argument_reads_as_default_and_a_mismatched_one_throws_a_clear_error()
    {
        var ev = Assert.IsType<SocketIOEvent>(await Upstream.Reader().ReadAsync(Upstream.Event("""42["message",{"a":1}]""")));

        Assert.False(ev.AckRequested);
        Assert.Null(ev.Arg<string>(3));
        Assert.Equal(0, ev.Arg<int>(1));
        var error = Assert.Throws<SocketIOArgumentException>(() => ev.Arg<int>(0));
        Assert.Contains("Argument 0 of event 'message'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_names_and_text_outside_ascii_come_from_the_packet()
    {
        var ev = await SocketIOEvent.ReadAsync(Upstream.Event("""42["消息","你好"]""", eventName: "消息"));

        Assert.Equal("消息", ev.Name);
        Assert.Equal("你好", ev.Arg<string>(0));
    }

    [Fact]
    public async Task A_binary_event_body_is_a_polling_payload_whose_attachments_bind_to_bytes()
    {
        var body = "452-[\"file\",{\"_placeholder\":true,\"num\":0},{\"name\":\"a.bin\",\"data\":{\"_placeholder\":true,\"num\":1}}]\u001ebAQIDBA==\u001eb/w==";

        var ev = Assert.IsType<SocketIOEvent>(await Upstream.Reader().ReadAsync(Upstream.Event(body, eventName: "file")));

        Assert.Equal("file", ev.Name);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ev.Arg<byte[]>(0));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ev.Arg<ReadOnlyMemory<byte>>(0).ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ev.ArgBytes(0));
        using var stream = ev.Arg<Stream>(0)!;
        Assert.Equal(4, stream.Length);
        var upload = ev.Arg<Upload>(1)!;
        Assert.Equal("a.bin", upload.Name);
        Assert.Equal(new byte[] { 0xff }, upload.Data);
        Assert.Null(ev.ArgBytes(1));
    }

    [Theory]
    [InlineData("451-[\"file\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("42[\"x\"]\u001ebAQI=")]
    [InlineData("42[\"x\"")]
    [InlineData("hello")]
    [InlineData("40")]
    [InlineData("")]
    public async Task A_malformed_event_body_is_a_400_that_says_why(string body)
    {
        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => Upstream.Reader().ReadAsync(Upstream.Event(body)));

        Assert.Equal(400, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_connect_request_carries_the_handshake_with_auth_and_address()
    {
        var body = """
            {"claims":{"sub":["alice"]},"query":{"EIO":["4"],"room":["lobby"]},"headers":{"User-Agent":["node"]},
             "clientCertificates":[],"auth":{"token":"abc","n":1},"address":"10.0.0.7","url":"/socket.io/?EIO=4","secure":false}
            """;

        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect(body, "/admin"));

        Assert.Equal("/admin", connect.Namespace);
        Assert.Equal("connect", connect.EventName);
        Assert.Equal("abc", connect.Handshake.AuthString("token"));
        Assert.Null(connect.Handshake.AuthString("n"));
        Assert.Equal(1, (int)connect.Handshake.Auth!["n"]!);
        Assert.Equal("10.0.0.7", connect.Handshake.Address);
        Assert.Equal("node", connect.Handshake.Header("user-agent"));
        Assert.Equal("lobby", connect.Handshake.QueryValue("room"));
        Assert.Equal(["alice"], connect.Handshake.Claims["sub"]);
    }

    [Fact]
    public async Task A_connect_without_auth_has_a_null_auth_and_takes_the_address_from_forwarded_headers()
    {
        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("""{"headers":{"X-Forwarded-For":["1.2.3.4, 5.6.7.8"]},"auth":null}"""));

        Assert.Null(connect.Handshake.Auth);
        Assert.Null(connect.Handshake.AuthString("token"));
        Assert.Equal("1.2.3.4", connect.Handshake.Address);
    }

    [Fact]
    public async Task A_percent_encoded_namespace_header_is_decoded()
    {
        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("{}", "/管理"));

        Assert.Equal("/管理", connect.Namespace);
    }

    [Fact]
    public async Task Connected_and_disconnected_requests_are_read_with_the_reason()
    {
        var connected = await SocketIOConnectedRequest.ReadAsync(Upstream.Connected());
        var disconnected = await SocketIODisconnectedRequest.ReadAsync(Upstream.Disconnected("client namespace disconnect"));

        Assert.Equal(Upstream.SocketId, connected.SocketId);
        Assert.Equal("client namespace disconnect", disconnected.Reason);
    }

    [Fact]
    public async Task A_recovered_socket_reads_as_recovered_in_connected_and_connect_and_others_do_not()
    {
        var fresh = await SocketIOConnectedRequest.ReadAsync(Upstream.Connected());
        var recovered = await SocketIOConnectedRequest.ReadAsync(Upstream.Request(CloudEventTypes.Connected, "connected", "/", """{"recovered":true}""", "application/json", null, Upstream.AccessKey));
        var connect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("""{"auth":{"token":"t"},"recovered":true}"""));
        var freshConnect = await SocketIOConnectRequest.ReadAsync(Upstream.Connect("""{"auth":{"token":"t"}}"""));

        Assert.False(fresh.Recovered);
        Assert.True(recovered.Recovered);
        Assert.True(connect.Recovered);
        Assert.False(freshConnect.Recovered);
    }

    [Fact]
    public async Task Reading_the_wrong_kind_of_request_is_a_400_that_names_both()
    {
        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => SocketIOEvent.ReadAsync(Upstream.Connected()));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("SocketIOEvent", error.Message, StringComparison.Ordinal);
        Assert.Contains("azure.webpubsub.sys.connected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_data_comes_from_the_connection_state_header()
    {
        var request = Upstream.Event("""42["x"]""", state: Upstream.State("""{"username":"alice","n":2}"""));

        var ev = await Upstream.Reader().ReadAsync(request);

        Assert.Equal("alice", (string?)ev.Socket.Data["username"]);
        Assert.Equal(2, (int)ev.Socket.Data["n"]!);
    }

    [Fact]
    public async Task A_connection_state_that_is_not_base64_json_is_a_400()
    {
        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => Upstream.Reader().ReadAsync(Upstream.Event("""42["x"]""", state: "not base64!")));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("ce-connectionState", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_is_read_once_per_invocation()
    {
        var request = Upstream.Event("""42["x"]""");
        var reader = Upstream.Reader();

        var first = await reader.ReadAsync(request);
        var second = await reader.ReadAsync(request);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task A_request_without_cloud_event_headers_is_a_400()
    {
        var request = Upstream.Event("""42["x"]""");
        request.Headers.Remove("ce-socketId");

        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => Upstream.Reader().ReadAsync(request));

        Assert.Contains("ce-socketId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_arguments_stay_available_as_json()
    {
        var ev = Assert.IsType<SocketIOEvent>(await Upstream.Reader().ReadAsync(Upstream.Event("""42["x",[1,2],null]""")));

        Assert.Equal(JsonValueKind.Array, ev.Arguments[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, ev.Arg<JsonElement>(1).ValueKind);
        Assert.Equal([1, 2], ev.Arg<int[]>(0)!);
    }
}
