using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Functions.Tests;

/// <summary>
/// The SDK reading membership straight from the rooms table in a real Azurite: rows laid out as docs/adapter.md
/// documents them (what the gateway writes), read with no call to the gateway; and the settings that pick the table.
/// </summary>
public sealed class RoomReaderTests : IAsyncLifetime
{
    private const string Hub = "Chat";
    private readonly string _tableName = "reader" + Guid.NewGuid().ToString("N")[..12];
    private Azurite _azurite = null!;
    private RecordingServer _gateway = null!;
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _gateway = await RecordingServer.StartAsync();
        _table = new TableClient(_azurite.ConnectionString, _tableName);
        await _table.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Fetch_sockets_rooms_of_a_socket_room_size_and_existence_come_from_the_table_without_the_gateway()
    {
        var longRoom = new string('r', 2_000);
        await WriteSocketAsync("/", "s1", "c1", "alice", new { name = "Alice" }, "lobby", "a/b#c?d\\e\tf 🎉", longRoom);
        await WriteSocketAsync("/", "s2", "c2", null, null, "lobby");
        await WriteSocketAsync("/", "s3", "c3", "carol", null, "a/b#c?d\\e\tf 🎉");
        await WriteSocketAsync("/other", "s4", "c4", null, null, "lobby");
        var io = Io().ForHub(Hub);

        var lobby = await io.In("lobby").FetchSocketsAsync();
        Assert.Equal(["s1", "s2"], lobby.Select(socket => socket.Id).Order());
        var alice = lobby.Single(socket => socket.Id == "s1");
        Assert.Equal("alice", alice.UserId);
        Assert.Equal("c1", alice.ConnectionId);
        Assert.Equal("Alice", alice.Data["name"]!.GetValue<string>());
        Assert.Equal(new[] { "s1", "lobby", "a/b#c?d\\e\tf 🎉", longRoom }.Order(StringComparer.Ordinal), alice.Rooms.Order(StringComparer.Ordinal));

        Assert.Equal(["s1", "s3"], (await io.In("a/b#c?d\\e\tf 🎉").FetchSocketsAsync()).Select(socket => socket.Id).Order());
        Assert.Equal(["s2"], (await io.In("lobby").Except("a/b#c?d\\e\tf 🎉").FetchSocketsAsync()).Select(socket => socket.Id));
        Assert.Equal(["s1", "s2", "s3"], (await io.FetchSocketsAsync()).Select(socket => socket.Id).Order());
        Assert.Equal(["s4"], (await io.Of("/other").FetchSocketsAsync()).Select(socket => socket.Id));
        Assert.Equal(2, await io.GetRoomSizeAsync("lobby"));
        Assert.Equal(1, await io.GetRoomSizeAsync(longRoom));
        Assert.Equal(0, await io.GetRoomSizeAsync("nowhere"));
        Assert.True(await io.RoomExistsAsync("lobby"));
        Assert.False(await io.RoomExistsAsync("nowhere"));
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Namespaces_and_rooms_of_every_listed_character_and_2000_characters_are_read_by_their_real_names()
    {
        // Exactly the names issue 8 lists; as namespaces they are served by in-process applications (the serverless
        // upstream refuses those that cannot be a URL path), and the SDK reads any namespace's partition.
        string[] names = ["a/b/c", "#hash", "?query", "back\\slash", "tab\there", "🎉", new string('x', 2_000), "all/#?\\\t🎉"];
        var namespaces = names.Select(name => "/" + (name.Length == 2_000 ? name[1..] : name)).ToArray();
        for (var i = 0; i < namespaces.Length; i++)
        {
            await WriteSocketAsync(namespaces[i], $"s{i}", $"c{i}", "u" + i, new { n = i }, names);
        }

        var io = Io().ForHub(Hub);
        for (var i = 0; i < namespaces.Length; i++)
        {
            var nsp = io.Of(namespaces[i]);
            foreach (var room in names)
            {
                var socket = Assert.Single(await nsp.In(room).FetchSocketsAsync());
                Assert.Equal($"s{i}", socket.Id);
                Assert.Equal(namespaces[i], socket.Namespace);
                Assert.Equal(i, socket.Data["n"]!.GetValue<int>());
                Assert.Equal(names.Append($"s{i}").Order(StringComparer.Ordinal), socket.Rooms.Order(StringComparer.Ordinal));
                Assert.Equal(1, await nsp.GetRoomSizeAsync(room));
                Assert.True(await nsp.RoomExistsAsync(room));
            }
        }

        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task A_later_socket_data_written_over_the_rows_is_what_fetch_sockets_reads()
    {
        await WriteSocketAsync("/", "s1", "c1", "alice", new { name = "Alice" }, "club");
        // What the gateway writes when a function changes socket.data: the same rows, upserted with the new value.
        await WriteSocketAsync("/", "s1", "c1", "alice", new { name = "Alice", color = "蓝" }, "club");

        var socket = Assert.Single(await Io().ForHub(Hub).In("club").FetchSocketsAsync());

        Assert.Equal("蓝", socket.Data["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task Many_sockets_read_their_rooms_in_one_scan()
    {
        for (var i = 0; i < 40; i++)
        {
            await WriteSocketAsync("/", $"m{i:D2}", $"c{i}", null, null, "crowd", i % 2 == 0 ? "even" : "odd");
        }

        var crowd = await Io().ForHub(Hub).In("crowd").FetchSocketsAsync();

        Assert.Equal(40, crowd.Count);
        Assert.All(crowd, socket => Assert.Contains(int.Parse(socket.Id[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? "even" : "odd", socket.Rooms));
    }

    [Fact]
    public async Task Without_the_gateways_table_the_reads_go_through_the_gateway()
    {
        _gateway.Answer = _ => (200, """{"value":[{"socketId":"s9","namespace":"/","connectionId":"c9","rooms":["s9","lobby"]}]}""");
        var reader = SocketIORoomReader.Create(new SocketIORoomsOptions { ConnectionString = _azurite.ConnectionString, TableName = "nosuchtable" });
        var io = new SocketIOServer(new SocketIOServiceClient($"Endpoint={_gateway.Endpoint};AccessKey={Upstream.AccessKey};Version=1.0;", Hub), new SocketIOOptions(), reader);

        var sockets = await io.In("lobby").FetchSocketsAsync();

        Assert.Equal("s9", Assert.Single(sockets).Id);
        Assert.Contains(_gateway.Requests, request => request.Path.EndsWith("/sockets", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sdks_own_settings_win_then_the_function_apps_storage_then_none()
    {
        static SocketIORoomsOptions From(params (string Key, string Value)[] settings) =>
            SocketIORoomsOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

        Assert.Equal("own", From(("SocketIO:Rooms:ConnectionString", "own"), ("AzureWebJobsStorage", "app")).ConnectionString);
        Assert.Equal("app", From(("AzureWebJobsStorage", "app")).ConnectionString);
        var identity = From(("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net"), ("AzureWebJobsStorage:credential", "managedidentity"), ("AzureWebJobsStorage:clientId", "id-1"));
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), identity.TableServiceUri);
        Assert.Equal("id-1", identity.ClientId);
        Assert.Equal("rooms2", From(("SocketIO:Rooms:TableName", "rooms2"), ("AzureWebJobsStorage", "app")).TableName);
        Assert.Equal(RoomTableColumns.DefaultTableName, From(("AzureWebJobsStorage", "app")).TableName);
        Assert.False(From().IsConfigured);

        var services = new ServiceCollection().AddSocketIO(new ConfigurationBuilder().AddInMemoryCollection([new("SocketIO:ConnectionString", $"Endpoint={_gateway.Endpoint};AccessKey={Upstream.AccessKey};Version=1.0;")]).Build());
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<SocketIOServer>().Rooms);
    }

    private SocketIOServer Io() =>
        new(new SocketIOServiceClient($"Endpoint={_gateway.Endpoint};AccessKey={Upstream.AccessKey};Version=1.0;", Hub),
            new SocketIOOptions(),
            SocketIORoomReader.Create(new SocketIORoomsOptions { ConnectionString = _azurite.ConnectionString, TableName = _tableName }));

    /// <summary>The rows the gateway writes for a connected socket in rooms (docs/adapter.md, "The rooms table").</summary>
    private async Task WriteSocketAsync(string @namespace, string socketId, string connectionId, string? userId, object? data, params string[] rooms)
    {
        var partition = RoomTableKeys.NamespacePartition(Hub, @namespace);
        var encoded = data is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(data)));
        var rows = new List<TableEntity>
        {
            new(partition, RoomTableKeys.SocketRow(socketId))
            {
                [RoomTableColumns.SocketId] = socketId, [RoomTableColumns.Namespace] = @namespace, [RoomTableColumns.ConnectionId] = connectionId,
                [RoomTableColumns.UserId] = userId, [RoomTableColumns.Data] = encoded,
            },
        };
        foreach (var room in rooms.Prepend(socketId))
        {
            rows.Add(new(partition, RoomTableKeys.MemberRow(room, socketId))
            {
                [RoomTableColumns.Room] = room, [RoomTableColumns.SocketId] = socketId, [RoomTableColumns.ConnectionId] = connectionId,
                [RoomTableColumns.UserId] = userId, [RoomTableColumns.Data] = encoded,
            });
            rows.Add(new(partition, RoomTableKeys.JoinedRow(socketId, room)) { [RoomTableColumns.Room] = room, [RoomTableColumns.SocketId] = socketId });
        }

        await _table.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
    }
}
