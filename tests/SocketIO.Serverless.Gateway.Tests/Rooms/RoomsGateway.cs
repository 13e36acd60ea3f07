using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.Tests.Management;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Rooms;

/// <summary>
/// The real gateway in-process with rooms kept in a real Azurite (started here, on an ephemeral port), the Functions
/// upstream pointed at a <see cref="FakeFunctionApp"/> (which accepts every connect) and the management API.
/// </summary>
public sealed class RoomsGateway : IAsyncDisposable
{
    public const string AccessKey = "rooms-test-access-key";

    /// <summary>
    /// For tests of what a working table holds (not of storage failing): a deadline and retries that a loaded CI
    /// machine's Azurite meets, where the default fixture's short ones (for the fault tests) would time out.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PatientStorage { get; } = new Dictionary<string, string?>
    {
        ["Rooms:OperationTimeout"] = "30000",
        ["Rooms:MaxRetries"] = "3",
    };

    private LoopbackApp? _gateway;
    private FakeFunctionApp? _functions;

    private RoomsGateway(Azurite azurite, string tableName)
    {
        Azurite = azurite;
        TableName = tableName;
        Table = new TableClient(azurite.ConnectionString, tableName);
    }

    public Azurite Azurite { get; }

    public string TableName { get; }

    /// <summary>The rooms table, read as any other reader (a function) reads it.</summary>
    public TableClient Table { get; }

    public string Url => _gateway!.Url;

    public IServiceProvider Services => _gateway!.Services;

    /// <summary>The stand-in function app: 404 (accept) for every connect unless a test registers a handler.</summary>
    public FakeFunctionApp Functions => _functions!;

    public ISocketServer Server => Services.GetRequiredService<ISocketHubs>().Get("hub");

    public ManagementClient Api() => new(Url, AccessKey);

    /// <summary>Starts Azurite and the gateway; <paramref name="addApplication"/> may replace the Functions upstream with an in-process application.</summary>
    public static async Task<RoomsGateway> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? addApplication = null)
    {
        var azurite = await Azurite.StartAsync().ConfigureAwait(false);
        var gateway = new RoomsGateway(azurite, "rooms" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            gateway._functions = await FakeFunctionApp.StartAsync().ConfigureAwait(false);
            var all = new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Functions,
                ["Gateway:ServeStaticFiles"] = "false",
                ["Upstream:UrlTemplate"] = gateway._functions.BaseAddress.ToString().TrimEnd('/') + "/api/socketio{namespace}/{event}",
                ["Upstream:AccessKey"] = AccessKey,
                // The fake function app registers only the functions these tests look at: a namespace without a
                // connect one is open (the product's default refuses it as Invalid namespace).
                ["Upstream:AcceptConnectWithoutHandler"] = "true",
                ["Rooms:ConnectionString"] = azurite.ConnectionString,
                ["Rooms:TableName"] = gateway.TableName,
                ["Rooms:OperationTimeout"] = "3000",
                ["Rooms:MaxRetries"] = "1",
                ["Rooms:HeartbeatInterval"] = "300",
                ["Rooms:InstanceExpiry"] = "60000",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            gateway._gateway = await LoopbackApp.StartGatewayAsync(all, addApplication ?? (_ => { })).ConfigureAwait(false);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The member rows of a room, as (socket id, room) from their properties.</summary>
    public async Task<IReadOnlyList<string>> MembersAsync(string @namespace, string room)
    {
        var prefix = RoomTableKeys.MembersOf(room);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RoomTableKeys.NamespacePartition("hub", @namespace)} and RowKey ge {prefix} and RowKey lt {RoomTableKeys.UpperBound(prefix)}");
        var members = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter).ConfigureAwait(false))
        {
            Assert.Equal(room, row.GetString(RoomTableColumns.Room));
            members.Add(row.GetString(RoomTableColumns.SocketId));
        }

        return members;
    }

    /// <summary>Every row of a socket in its namespace partition (record, memberships, owner), by RowKey.</summary>
    public async Task<IReadOnlyList<TableEntity>> RowsOfAsync(string @namespace, string socketId)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RoomTableKeys.NamespacePartition("hub", @namespace)} and SocketId eq {socketId}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (writes after a disconnect happen in the background).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout ?? TimeSpan.FromSeconds(20)}: {what}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public static string Group(string @namespace, string room) => ManagementClient.Room(@namespace, room);

    public static string Seconds(double seconds) => ((int)(seconds * 1000)).ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (_functions is not null)
        {
            await _functions.DisposeAsync().ConfigureAwait(false);
        }

        await Azurite.DisposeAsync().ConfigureAwait(false);
    }
}
