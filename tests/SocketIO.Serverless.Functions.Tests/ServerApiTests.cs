using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;

namespace SocketIO.Serverless.Functions.Tests;

/// <summary>The server API's HTTP calls to the management REST API (docs/management-api.md), against a real local listener.</summary>
public sealed class ServerApiTests : IAsyncLifetime
{
    private sealed record Upload(string Name, byte[] Data);

    // base64url of UTF-8: "/" = Lw, "/admin" = L2FkbWlu, "a" = YQ, "b" = Yg, "c" = Yw, "sock-1" = c29jay0x
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Io_emit_sends_the_event_packet_to_the_namespace_group_with_a_signed_token()
    {
        await _server.Io().EmitAsync("message", "服务器转发：hi");

        var call = Assert.Single(_server.Requests);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/api/hubs/hub/groups/0~Lw~/:send", call.Path);
        Assert.Equal("2024-01-01", call.QueryValue("api-version"));
        Assert.Equal("""42["message","服务器转发：hi"]""", call.Body);
        Assert.StartsWith("text/plain", call.Headers["Content-Type"], StringComparison.Ordinal);
        AssertSignedFor(call);
    }

    [Fact]
    public async Task To_rooms_except_a_room_is_one_filtered_send_so_each_socket_gets_it_once()
    {
        await _server.Io().To("a").To("b").Except("c").EmitAsync("message", 1);

        var call = Assert.Single(_server.Requests);
        Assert.Equal("/api/hubs/hub/groups/0~Lw~/:send", call.Path);
        Assert.Equal("('0~Lw~YQ' in groups or '0~Lw~Yg' in groups) and not ('0~Lw~Yw' in groups)", call.QueryValue("filter"));
        AssertSignedFor(call);
    }

    [Fact]
    public async Task One_room_of_another_namespace_is_a_send_to_that_rooms_group()
    {
        await _server.Io().Of("/admin").To("a").EmitAsync("notice", new { level = 2 });

        var call = Assert.Single(_server.Requests);
        Assert.Equal("/api/hubs/hub/groups/0~L2FkbWlu~YQ/:send", call.Path);
        Assert.Null(call.QueryValue("filter"));
        Assert.Equal("""42/admin,["notice",{"level":2}]""", call.Body);
    }

    [Fact]
    public async Task Socket_broadcast_and_socket_to_leave_out_the_sender_by_its_own_room()
    {
        var ev = await EventFromSocket();

        await ev.Socket.Broadcast.EmitAsync("message", "x");
        await ev.Socket.To("a").EmitAsync("message", "y");

        Assert.Collection(
            _server.Requests,
            broadcast =>
            {
                Assert.Equal("/api/hubs/hub/groups/0~Lw~/:send", broadcast.Path);
                Assert.Equal("not ('0~Lw~c29jay0x' in groups)", broadcast.QueryValue("filter"));
            },
            toRoom =>
            {
                Assert.Equal("/api/hubs/hub/groups/0~Lw~YQ/:send", toRoom.Path);
                Assert.Equal("not ('0~Lw~c29jay0x' in groups)", toRoom.QueryValue("filter"));
            });
    }

    [Fact]
    public async Task Join_and_leave_add_and_remove_the_sockets_connection_to_the_rooms_group()
    {
        var ev = await EventFromSocket();

        await ev.Socket.JoinAsync("a");
        await ev.Socket.LeaveAsync("a");

        Assert.Collection(
            _server.Requests,
            join => Assert.Equal(("PUT", "/api/hubs/hub/groups/0~Lw~YQ/connections/conn-1"), (join.Method, join.Path)),
            leave => Assert.Equal(("DELETE", "/api/hubs/hub/groups/0~Lw~YQ/connections/conn-1"), (leave.Method, leave.Path)));
    }

    [Fact]
    public async Task Socket_emit_sends_to_its_connection_and_binary_arguments_travel_as_a_polling_payload()
    {
        var ev = await EventFromSocket();

        await ev.Socket.EmitAsync("file", new byte[] { 1, 2, 3 });

        var call = Assert.Single(_server.Requests);
        Assert.Equal("/api/hubs/hub/connections/conn-1/:send", call.Path);
        Assert.Equal("451-[\"file\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID", call.Body);
    }

    [Fact]
    public async Task EmitWithAck_posts_to_the_socket_and_returns_the_clients_answer()
    {
        _server.Answer = _ => (200, """43/admin,4["42 is the answer",{"n":1}]""");
        var ev = await EventFromSocket("/admin");

        var answer = await ev.Socket.EmitWithAckAsync<string>(TimeSpan.FromSeconds(5), "question", "what?");

        Assert.Equal("42 is the answer", answer);
        var call = Assert.Single(_server.Requests);
        Assert.Equal("/api/hubs/hub/sockets/sock-1/:emitWithAck", call.Path);
        Assert.Equal("5000", call.QueryValue("timeout"));
        Assert.Equal("""42/admin,["question","what?"]""", call.Body);
    }

    [Fact]
    public async Task EmitWithAck_reads_a_binary_answer_with_its_attachments_at_any_depth()
    {
        _server.Answer = _ => (200, "462-4[{\"_placeholder\":true,\"num\":0},{\"name\":\"a\",\"data\":{\"_placeholder\":true,\"num\":1}}]\u001ebAQID\u001eb/w==");
        var ev = await EventFromSocket();

        var answer = await ev.Socket.EmitWithAckAsync(TimeSpan.FromSeconds(5), "download");

        Assert.Equal(2, answer.ArgumentCount);
        Assert.Equal([1, 2, 3], answer.Arg<byte[]>(0));
        Assert.Equal([0xff], answer.Arg<Upload>(1)!.Data);
        Assert.Equal(2, answer.Attachments.Count);
        Assert.Equal(default, answer.Arg<Upload>(2));
    }

    [Fact]
    public async Task EmitWithAck_refuses_an_answer_that_is_not_an_ack()
    {
        _server.Answer = _ => (200, "42[\"question\"]");
        var ev = await EventFromSocket();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ev.Socket.EmitWithAckAsync(TimeSpan.FromSeconds(5), "q"));
        Assert.Contains("not an ACK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmitWithAck_turns_the_gateways_504_into_a_timeout()
    {
        _server.Answer = _ => (504, """{"code":"Timeout","message":"no ack"}""");
        var ev = await EventFromSocket();

        await Assert.ThrowsAsync<TimeoutException>(() => ev.Socket.EmitWithAckAsync(TimeSpan.FromMilliseconds(100), "question", "q"));
    }

    [Fact]
    public async Task Sockets_join_and_disconnect_sockets_target_the_rooms_with_a_filter()
    {
        await _server.Io().In("a").SocketsJoinAsync("b");
        await _server.Io().Of("/admin").In("a").DisconnectSocketsAsync();

        Assert.Collection(
            _server.Requests,
            join =>
            {
                Assert.Equal("/api/hubs/hub/:addToGroups", join.Path);
                using var body = JsonDocument.Parse(join.Body);
                Assert.Equal("0~Lw~Yg", body.RootElement.GetProperty("groups")[0].GetString());
                Assert.Equal("('0~Lw~YQ' in groups)", body.RootElement.GetProperty("filter").GetString());
            },
            disconnect =>
            {
                Assert.Equal("/api/hubs/hub/groups/0~L2FkbWlu~YQ/:send", disconnect.Path);
                Assert.Equal("41/admin,", disconnect.Body);
            });
    }

    [Fact]
    public async Task Fetch_sockets_reads_each_room_once_with_exceptions_and_dedupes_sockets()
    {
        _server.Answer = request => (200, request.Path.Contains("YQ", StringComparison.Ordinal)
            ? """{"value":[{"socketId":"s1","namespace":"/","connectionId":"c1","rooms":["s1","a"]},{"socketId":"s2","namespace":"/","connectionId":"c2","rooms":["s2","a","b"]}]}"""
            : """{"value":[{"socketId":"s2","namespace":"/","connectionId":"c2","rooms":["s2","a","b"]}]}""");

        var sockets = await _server.Io().In("a", "b").Except("c").FetchSocketsAsync();

        Assert.Equal(["s1", "s2"], sockets.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Contains("b", sockets.Single(s => s.Id == "s2").Rooms);
        Assert.All(_server.Requests, r => Assert.Equal("0~Lw~Yw", r.QueryValue("except")));
        Assert.Equal(["/api/hubs/hub/groups/0~Lw~YQ/sockets", "/api/hubs/hub/groups/0~Lw~Yg/sockets"], _server.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_sockets_rooms_come_from_the_socket_route()
    {
        _server.Answer = _ => (200, """{"socketId":"sock-1","namespace":"/","connectionId":"conn-1","rooms":["sock-1","a"]}""");
        var ev = await EventFromSocket();

        var rooms = await ev.Socket.GetRoomsAsync();

        Assert.True(rooms.SetEquals(["sock-1", "a"]));
        Assert.Equal("/", Assert.Single(_server.Requests).QueryValue("namespace"));
    }

    [Fact]
    public async Task A_failed_call_throws_request_failed_with_the_status_and_error_code()
    {
        _server.Answer = _ => (400, """{"code":"InvalidGroup","message":"bad group"}""");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _server.Io().EmitAsync("x"));

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task An_emit_to_a_socket_that_already_left_is_dropped_as_in_socket_io()
    {
        var ev = await EventFromSocket();
        _server.Answer = _ => (404, """{"code":"NotFound","message":"no such connection"}""");

        await ev.Socket.EmitAsync("late", 1);

        Assert.Contains("/connections/", Assert.Single(_server.Requests).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_failures_of_a_socket_emit_still_throw()
    {
        var ev = await EventFromSocket();
        _server.Answer = _ => (500, """{"code":"InternalServerError","message":"boom"}""");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => ev.Socket.EmitAsync("late", 1));

        Assert.Equal(500, error.Status);
    }

    [Fact]
    public async Task Requests_of_another_hub_use_that_hub()
    {
        await _server.Io().ForHub("chat").EmitAsync("x");

        Assert.Equal("/api/hubs/chat/groups/0~Lw~/:send", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task A_cancellation_token_passed_as_an_argument_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _server.Io().EmitAsync("x", CancellationToken.None));
        Assert.Empty(_server.Requests);
    }

    private async Task<SocketIOEvent> EventFromSocket(string @namespace = "/")
    {
        var reader = new SocketIORequestReader(new SocketIOOptions { ConnectionString = Upstream.ConnectionString }, _server.Io());
        var body = @namespace == "/" ? """42["x"]""" : $$"""42{{@namespace}},["x"]""";
        return Assert.IsType<SocketIOEvent>(await reader.ReadAsync(Upstream.Event(body, @namespace)));
    }

    // HS256 over "header.payload" with the UTF-8 access key; aud = the URL the request went to.
    private static void AssertSignedFor(RecordedRequest call)
    {
        var token = call.Headers["Authorization"]["Bearer ".Length..];
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Upstream.AccessKey), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(Base64Url.EncodeToString(expected), parts[2]);
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(Uri.UnescapeDataString(call.Url), Uri.UnescapeDataString(payload.RootElement.GetProperty("aud").GetString()!));
        Assert.True(payload.RootElement.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }
}

/// <summary>The REST client's own operations: paging, existence checks, connection-level calls.</summary>
public sealed class ServiceClientTests : IAsyncLifetime
{
    private RecordingServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Group_members_are_listed_page_by_page_following_next_links()
    {
        _server.Answer = request => (200, request.QueryValue("continuationToken") is null
            ? $$"""{"value":[{"connectionId":"c1","socketId":"s1"}],"nextLink":"{{_server.Endpoint}}api/hubs/hub/groups/0~Lw~YQ/connections?continuationToken=2&api-version=2024-01-01"}"""
            : """{"value":[{"connectionId":"c2","userId":"bob","socketId":"s2"}]}""");
        var client = _server.Io().Client;

        var members = new List<SocketIOGroupMember>();
        await foreach (var member in client.GetConnectionsInGroupAsync("0~Lw~YQ", pageSize: 1))
        {
            members.Add(member);
        }

        Assert.Equal(["c1", "c2"], members.Select(m => m.ConnectionId));
        Assert.Equal("bob", members[1].UserId);
        Assert.Equal("1", _server.Requests[0].QueryValue("maxpagesize"));
        Assert.All(_server.Requests, r => Assert.StartsWith("Bearer ", r.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Existence_checks_read_404_as_false()
    {
        _server.Answer = request => (request.Path.EndsWith("/c1", StringComparison.Ordinal) ? 200 : 404, string.Empty);
        var client = _server.Io().Client;

        Assert.True((await client.ConnectionExistsAsync("c1")).Value);
        Assert.False((await client.ConnectionExistsAsync("c2")).Value);
        Assert.All(_server.Requests, r => Assert.Equal("HEAD", r.Method));
    }

    [Fact]
    public async Task Closing_a_connection_sends_the_reason()
    {
        _server.Answer = _ => (204, string.Empty);

        await _server.Io().Client.CloseConnectionAsync("c1", "bye now");

        var call = Assert.Single(_server.Requests);
        Assert.Equal(("DELETE", "/api/hubs/hub/connections/c1", "bye now"), (call.Method, call.Path, call.QueryValue("reason")));
    }
}
