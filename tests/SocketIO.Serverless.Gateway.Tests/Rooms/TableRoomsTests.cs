using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Rooms;

/// <summary>Shares one gateway and one Azurite between the tests of <see cref="TableRoomsTests"/>; each test uses its own namespace.</summary>
public sealed class RoomsGatewayFixture : IAsyncLifetime
{
    public RoomsGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await RoomsGateway.StartAsync(RoomsGateway.PatientStorage).ConfigureAwait(false);

    public async Task DisposeAsync() => await Gateway.DisposeAsync().ConfigureAwait(false);
}

/// <summary>Rooms kept in a real Azurite: what a join, leave or disconnect leaves in the table, at scale and with awkward names.</summary>
public sealed class TableRoomsTests(RoomsGatewayFixture fixture) : IClassFixture<RoomsGatewayFixture>
{
    private RoomsGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task A_join_or_leave_is_in_the_table_when_answered_and_a_disconnect_removes_every_row()
    {
        await using var clients = await HeldSockets.StartAsync(Gateway.Url, 2, "/basic");
        var (alice, bob) = (clients.In("/basic", 0), clients.In("/basic", 1));
        using var api = Gateway.Api();
        var socketRows = await Gateway.RowsOfAsync("/basic", alice.Id);
        Assert.Contains(socketRows, row => row.RowKey == RoomTableKeys.SocketRow(alice.Id) && row.GetString(RoomTableColumns.ConnectionId) == alice.Connection);

        using (var joined = await api.SendAsync(HttpMethod.Put, $"/sockets/{alice.Id}/groups/{RoomsGateway.Group("/basic", "lobby")}"))
        {
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        // No waiting: the answer came after the rows were stored.
        Assert.Equal([alice.Id], await Gateway.MembersAsync("/basic", "lobby"));
        using (var joined = await api.SendAsync(HttpMethod.Put, $"/groups/{RoomsGateway.Group("/basic", "lobby")}/connections/{bob.Connection}"))
        {
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        Assert.Equal(new[] { alice.Id, bob.Id }.Order(StringComparer.Ordinal), (await Gateway.MembersAsync("/basic", "lobby")).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await Gateway.Server.FetchSocketsAsync("/basic", BroadcastTarget.ToRooms("lobby"))).Count);

        using (var left = await api.SendAsync(HttpMethod.Delete, $"/sockets/{alice.Id}/groups/{RoomsGateway.Group("/basic", "lobby")}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        }

        Assert.Equal([bob.Id], await Gateway.MembersAsync("/basic", "lobby"));
        Assert.DoesNotContain(await Gateway.RowsOfAsync("/basic", alice.Id), row => row.GetString(RoomTableColumns.Room) == "lobby");

        using (var disconnected = await api.SendAsync(HttpMethod.Delete, $"/sockets/{bob.Id}?namespace=%2Fbasic"))
        {
            Assert.Equal(HttpStatusCode.NoContent, disconnected.StatusCode);
        }

        // A disconnect is not held up by storage: its rows go right after, in the background.
        await RoomsGateway.EventuallyAsync(async () => (await Gateway.RowsOfAsync("/basic", bob.Id)).Count == 0, "bob's rows removed");
        Assert.Empty(await Gateway.MembersAsync("/basic", "lobby"));
        Assert.NotEmpty(await Gateway.RowsOfAsync("/basic", alice.Id));
    }

    [Fact]
    public async Task A_room_of_a_thousand_members_is_stored_in_batches_and_emptied_when_they_leave()
    {
        const int Count = 1_000;
        using var api = Gateway.Api();
        var body = JsonSerializer.Serialize(new { groups = new[] { RoomsGateway.Group("/crowd", "everyone") } });
        string[] ids;
        await using (var clients = await HeldSockets.StartAsync(Gateway.Url, Count, "/crowd"))
        {
            ids = clients.Sockets.Select(socket => socket.Id).Order(StringComparer.Ordinal).ToArray();
            using (var added = await api.SendAsync(HttpMethod.Post, "/:addToGroups", body, "application/json"))
            {
                Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            }

            Assert.Equal(ids, (await Gateway.MembersAsync("/crowd", "everyone")).Order(StringComparer.Ordinal));
            Assert.Equal(Count, (await Gateway.Server.FetchSocketsAsync("/crowd", BroadcastTarget.ToRooms("everyone"))).Count);
        }

        await RoomsGateway.EventuallyAsync(async () => (await Gateway.MembersAsync("/crowd", "everyone")).Count == 0, "the room emptied after every client left", TimeSpan.FromSeconds(60));
    }

    // Rooms may be any string. Namespaces here go through the upstream, which refuses names that cannot be their own
    // URL path (a backslash, a control character, more than UpstreamUrlTemplate.MaxNameLength bytes; docs/upstream.md):
    // these use the most awkward namespaces it accepts, still past the key length that gets hashed. Every namespace
    // the issue lists (those too) is served by an in-process application in TableRoomsNamesTests.
    public static TheoryData<string, string> AwkwardNames => new()
    {
        { "/we/ird#?%🎉", "room/with#all?the\\bad\tchars 🎉" },
        { "/" + new string('n', 250), new string('r', 2_000) },
        { "/中文", "|~!%2F'\"" },
    };

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task Room_and_namespace_names_of_any_characters_and_length_are_stored_under_valid_keys_with_their_real_names(string @namespace, string room)
    {
        await using var clients = await HeldSockets.StartAsync(Gateway.Url, 1, @namespace);
        var socket = clients.In(@namespace);
        using var api = Gateway.Api();
        using (var joined = await api.SendAsync(HttpMethod.Put, $"/sockets/{socket.Id}/groups/{RoomsGateway.Group(@namespace, room)}"))
        {
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        Assert.Equal([socket.Id], await Gateway.MembersAsync(@namespace, room));
        var rows = await Gateway.RowsOfAsync(@namespace, socket.Id);
        Assert.All(rows, row => Assert.True(RoomTableKeys.IsValidKey(row.PartitionKey) && RoomTableKeys.IsValidKey(row.RowKey), row.RowKey));
        Assert.Contains(rows, row => row.GetString(RoomTableColumns.Room) == room);
        Assert.Equal(@namespace, Assert.Single(rows, row => row.RowKey == RoomTableKeys.SocketRow(socket.Id)).GetString(RoomTableColumns.Namespace));

        Assert.True(await Gateway.Server.LeaveAsync(@namespace, socket.Id, [room]));
        Assert.Empty(await Gateway.MembersAsync(@namespace, room));
    }

    [Fact]
    public async Task The_in_process_api_makes_many_sockets_join_and_leave_durably_in_one_call()
    {
        await using var clients = await HeldSockets.StartAsync(Gateway.Url, 3, "/bulk");
        var server = Gateway.Server;
        await server.SocketsJoinAsync("/bulk", BroadcastTarget.All.Except(clients.In("/bulk", 2).Id), ["red", "blue"]);
        Assert.Equal(2, (await Gateway.MembersAsync("/bulk", "red")).Count);
        Assert.Equal(2, (await Gateway.MembersAsync("/bulk", "blue")).Count);

        await server.SocketsLeaveAsync("/bulk", BroadcastTarget.ToRooms("red"), ["blue"]);
        Assert.Empty(await Gateway.MembersAsync("/bulk", "blue"));
        Assert.Equal(2, (await Gateway.MembersAsync("/bulk", "red")).Count);

        var rows = await Gateway.RowsOfAsync("/bulk", clients.In("/bulk", 0).Id);
        Assert.All(rows.Where(row => row.RowKey.StartsWith(RoomTableKeys.MemberPrefix + RoomTableKeys.Separator, StringComparison.Ordinal)), row => Assert.Equal(clients.In("/bulk", 0).Connection, row.GetString(RoomTableColumns.ConnectionId)));
    }

    [Fact]
    public async Task The_user_id_and_socket_data_a_connect_function_answers_are_in_the_socket_and_member_rows()
    {
        var data = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"name":"Alice"}"""));
        Gateway.Functions.On("/api/socketio/data/connect", _ => new FunctionAnswer(200, """{"userId":"alice"}""", "application/json", ConnectionState: data));
        await using var clients = await HeldSockets.StartAsync(Gateway.Url, 1, "/data");
        var socket = clients.In("/data");
        Assert.True(await Gateway.Server.JoinAsync("/data", socket.Id, ["profile"]));

        var rows = await Gateway.RowsOfAsync("/data", socket.Id);
        var record = Assert.Single(rows, row => row.RowKey == RoomTableKeys.SocketRow(socket.Id));
        Assert.Equal("alice", record.GetString(RoomTableColumns.UserId));
        Assert.Equal(data, record.GetString(RoomTableColumns.Data));
        var member = Assert.Single(rows, row => row.RowKey == RoomTableKeys.MemberRow("profile", socket.Id));
        Assert.Equal("alice", member.GetString(RoomTableColumns.UserId));
        Assert.Equal(data, member.GetString(RoomTableColumns.Data));
        var fetched = Assert.Single(await Gateway.Server.FetchSocketsAsync("/data", BroadcastTarget.ToRooms("profile")));
        Assert.Equal("alice", fetched.UserId);
    }

    [Fact]
    public async Task A_later_change_of_socket_data_by_an_event_function_reaches_the_socket_and_member_rows_before_the_ack()
    {
        var before = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"name":"Alice"}"""));
        var after = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"name":"Alice","color":"蓝"}"""));
        Gateway.Functions.On("/api/socketio/later/connect", _ => new FunctionAnswer(200, """{"userId":"alice"}""", "application/json", ConnectionState: before));
        // socket.data.color = ...; ack("saved"): the function answers its new socket.data with the ack (an Engine.IO
        // message; the gateway acks the event it sent whatever ack id the answer names).
        Gateway.Functions.On("/api/socketio/later/color", _ => new FunctionAnswer(200, "43/later,0[\"saved\"]", ConnectionState: after));
        await using var clients = await HeldSockets.StartAsync(Gateway.Url, 1, "/later");
        var socket = clients.In("/later");
        Assert.True(await Gateway.Server.JoinAsync("/later", socket.Id, ["club"]));
        Assert.All(await DataRowsAsync(), row => Assert.Equal(before, row.GetString(RoomTableColumns.Data)));

        Assert.Equal("\"saved\"", await clients.EmitWithAckAsync("/later", 0, "color", "蓝"));

        // No waiting: the gateway stored the new data before it sent the ack.
        var rows = await DataRowsAsync();
        Assert.Equal(3, rows.Count); // the socket's record, and its member rows of its own room and of "club"
        Assert.All(rows, row => Assert.Equal(after, row.GetString(RoomTableColumns.Data)));
        Assert.All(rows, row => Assert.Equal("alice", row.GetString(RoomTableColumns.UserId)));
        Assert.Equal(after, Assert.Single(await Gateway.Server.FetchSocketsAsync("/later", BroadcastTarget.ToRooms("club"))).Data);

        async Task<List<TableEntity>> DataRowsAsync() =>
            [.. (await Gateway.RowsOfAsync("/later", socket.Id)).Where(row => row.RowKey == RoomTableKeys.SocketRow(socket.Id) || row.RowKey.StartsWith(RoomTableKeys.MemberPrefix + RoomTableKeys.Separator, StringComparison.Ordinal))];
    }
}
