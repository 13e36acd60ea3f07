using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Rooms;

/// <summary>
/// The table layer takes every namespace and room string. The serverless upstream refuses namespaces that cannot be
/// their own URL path (docs/upstream.md, docs/adapter.md "Names"), so these namespaces are served by an in-process
/// application, which has no URL: real socket.io-client sockets connect to each, join rooms of the same names, and
/// the rows in a real Azurite have valid keys and the real names.
/// </summary>
public sealed class TableRoomsNamesTests : IAsyncLifetime
{
    /// <summary>Exactly the names issue 8 lists: '/', '#', '?', '\', a tab, an emoji, 2,000 characters, and all at once.</summary>
    public static readonly string[] Names = ["a/b/c", "#hash", "?query", "back\\slash", "tab\there", "🎉", new string('x', 2_000), "all/#?\\\t🎉"];

    /// <summary>The namespaces of those names (a namespace starts with '/'; the long one is 2,000 characters with it).</summary>
    public static readonly string[] Namespaces = [.. Names.Select(name => "/" + (name.Length == 2_000 ? name[1..] : name))];

    private RoomsGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await RoomsGateway.StartAsync(RoomsGateway.PatientStorage, addApplication: builder => builder.Services.AddInProcessSocketApplication(app =>
        {
            foreach (var @namespace in Namespaces)
            {
                app.OnConnection(@namespace, _ => { });
            }
        }));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Every_listed_namespace_and_room_name_is_stored_under_valid_keys_with_its_real_name_and_removed_again()
    {
        Assert.Equal(2_000, Namespaces.Single(name => name.Length > 1_000).Length);
        await using var clients = await HeldSockets.StartAsync(_gateway.Url, 1, Namespaces);
        var server = _gateway.Server;
        foreach (var @namespace in Namespaces)
        {
            var socket = clients.In(@namespace);
            Assert.True(await server.JoinAsync(@namespace, socket.Id, Names), @namespace);

            // The join was answered once stored: every row is there, under keys Azure accepts, with the real names.
            var rows = await _gateway.RowsOfAsync(@namespace, socket.Id);
            Assert.All(rows, row => Assert.True(RoomTableKeys.IsValidKey(row.PartitionKey) && RoomTableKeys.IsValidKey(row.RowKey), row.RowKey));
            Assert.Equal(@namespace, Assert.Single(rows, row => row.RowKey == RoomTableKeys.SocketRow(socket.Id)).GetString(RoomTableColumns.Namespace));
            foreach (var room in Names)
            {
                Assert.Equal([socket.Id], await _gateway.MembersAsync(@namespace, room));
                Assert.Contains(rows, row => row.RowKey == RoomTableKeys.JoinedRow(socket.Id, room) && row.GetString(RoomTableColumns.Room) == room);
            }

            var fetched = Assert.Single(await server.FetchSocketsAsync(@namespace, BroadcastTarget.ToRooms(Names[^1])));
            Assert.Equal(Names.Append(socket.Id).Order(StringComparer.Ordinal), fetched.Rooms.Order(StringComparer.Ordinal));

            Assert.True(await server.LeaveAsync(@namespace, socket.Id, Names[..4]));
            Assert.Empty(await _gateway.MembersAsync(@namespace, Names[0]));
            Assert.Equal([socket.Id], await _gateway.MembersAsync(@namespace, Names[4]));
        }

        // Each namespace is its own partition: no namespace's rows reached another's.
        Assert.Equal(Namespaces.Length, Namespaces.Select(@namespace => RoomTableKeys.NamespacePartition("hub", @namespace)).Distinct(StringComparer.Ordinal).Count());

        var ids = Namespaces.Select(@namespace => (@namespace, clients.In(@namespace).Id)).ToList();
        await clients.DisposeAsync();
        foreach (var (@namespace, id) in ids)
        {
            await RoomsGateway.EventuallyAsync(async () => (await _gateway.RowsOfAsync(@namespace, id)).Count == 0, $"the rows of {id} in a namespace of {@namespace.Length} characters removed");
        }
    }
}
