using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using SocketIO.Serverless.Protocol.Rooms;
using Columns = SocketIO.Serverless.Protocol.Rooms.RoomTableColumns;
using Keys = SocketIO.Serverless.Protocol.Rooms.RoomTableKeys;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Reads room membership straight from the gateway's rooms table (schema in docs/adapter.md), with no hop through a
/// gateway: who is in a room (with user id and <c>socket.data</c>), which rooms a socket is in, a room's size, whether
/// it exists. Whichever gateway holds the sockets, the table has them. Each read is one key range of the namespace's
/// partition.
/// </summary>
public class SocketIORoomReader
{
    // Up to this many sockets, their rooms are read one key range each; past it, the namespace's joined rows in one scan.
    private const int PointReadLimit = 16;

    private readonly TableClient _table;

    public SocketIORoomReader(TableClient table)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
    }

    /// <summary>For mocking.</summary>
    protected SocketIORoomReader()
    {
        _table = null!;
    }

    public virtual string TableName => _table.Name;

    /// <summary>A reader for <paramref name="options"/>: by connection string, or by endpoint with <c>DefaultAzureCredential</c>.</summary>
    public static SocketIORoomReader Create(SocketIORoomsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new SocketIORoomReader(new TableClient(options.ConnectionString, options.TableName, clientOptions));
        }

        var endpoint = options.TableServiceUri ?? throw new InvalidOperationException("No rooms table is configured (SocketIO:Rooms:ConnectionString, SocketIO:Rooms:TableServiceUri or AzureWebJobsStorage).");
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
        return new SocketIORoomReader(new TableClient(endpoint, options.TableName, credential, clientOptions));
    }

    /// <summary>
    /// The sockets of <paramref name="namespace"/> in any of <paramref name="rooms"/> (all when empty) and in none of
    /// <paramref name="exceptRooms"/>, each once, with their rooms.
    /// </summary>
    public virtual async Task<IReadOnlyList<SocketIOSocketInfo>> FetchSocketsAsync(string hub, string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(exceptRooms);
        var partition = Keys.NamespacePartition(hub, @namespace);
        var selected = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (rooms.Count == 0)
        {
            await foreach (var row in RangeAsync(partition, Keys.AllSockets, cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString(Columns.SocketId) is { } socketId)
                {
                    selected.TryAdd(socketId, row);
                }
            }
        }
        else
        {
            foreach (var room in rooms.Distinct(StringComparer.Ordinal))
            {
                await foreach (var row in MembersAsync(partition, room, cancellationToken).ConfigureAwait(false))
                {
                    selected.TryAdd(row.GetString(Columns.SocketId), row);
                }
            }
        }

        foreach (var room in exceptRooms.Distinct(StringComparer.Ordinal))
        {
            await foreach (var row in MembersAsync(partition, room, cancellationToken).ConfigureAwait(false))
            {
                selected.Remove(row.GetString(Columns.SocketId));
            }
        }

        var roomsOf = await RoomsOfManyAsync(partition, selected.Keys, cancellationToken).ConfigureAwait(false);
        return [.. selected.Values.Select(row => Describe(row, @namespace, roomsOf.GetValueOrDefault(row.GetString(Columns.SocketId)) ?? []))];
    }

    /// <summary>The rooms a socket is in, its own id among them; empty when the table does not know it.</summary>
    public virtual async Task<IReadOnlySet<string>> GetRoomsAsync(string hub, string @namespace, string socketId, CancellationToken cancellationToken = default)
    {
        var partition = Keys.NamespacePartition(hub, @namespace);
        return await JoinedRoomsAsync(partition, socketId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many sockets are in a room (0 when it does not exist).</summary>
    public virtual async Task<int> GetRoomSizeAsync(string hub, string @namespace, string room, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in MembersAsync(Keys.NamespacePartition(hub, @namespace), room, cancellationToken, [Columns.SocketId, Columns.Room]).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>Whether any socket is in a room.</summary>
    public virtual async Task<bool> RoomExistsAsync(string hub, string @namespace, string room, CancellationToken cancellationToken = default)
    {
        await foreach (var _ in MembersAsync(Keys.NamespacePartition(hub, @namespace), room, cancellationToken, [Columns.SocketId, Columns.Room], pageSize: 1).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    private async IAsyncEnumerable<TableEntity> MembersAsync(string partition, string room, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, IEnumerable<string>? select = null, int? pageSize = null)
    {
        await foreach (var row in RangeAsync(partition, Keys.MembersOf(room), cancellationToken, select, pageSize).ConfigureAwait(false))
        {
            // The property, not the key: a long room name's key is a hash.
            if (row.GetString(Columns.Room) == room && row.GetString(Columns.SocketId) is not null)
            {
                yield return row;
            }
        }
    }

    private async Task<HashSet<string>> JoinedRoomsAsync(string partition, string socketId, CancellationToken cancellationToken)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in RangeAsync(partition, Keys.JoinedBy(socketId), cancellationToken, [Columns.SocketId, Columns.Room]).ConfigureAwait(false))
        {
            if (row.GetString(Columns.SocketId) == socketId && row.GetString(Columns.Room) is { } room)
            {
                rooms.Add(room);
            }
        }

        return rooms;
    }

    private async Task<Dictionary<string, HashSet<string>>> RoomsOfManyAsync(string partition, IReadOnlyCollection<string> socketIds, CancellationToken cancellationToken)
    {
        var roomsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (socketIds.Count <= PointReadLimit)
        {
            var reads = socketIds.Select(async socketId => (socketId, rooms: await JoinedRoomsAsync(partition, socketId, cancellationToken).ConfigureAwait(false)));
            foreach (var (socketId, rooms) in await Task.WhenAll(reads).ConfigureAwait(false))
            {
                roomsOf[socketId] = rooms;
            }

            return roomsOf;
        }

        var wanted = socketIds.ToHashSet(StringComparer.Ordinal);
        await foreach (var row in RangeAsync(partition, Keys.JoinedPrefix + Keys.Separator, cancellationToken, [Columns.SocketId, Columns.Room]).ConfigureAwait(false))
        {
            if (row.GetString(Columns.SocketId) is { } socketId && wanted.Contains(socketId) && row.GetString(Columns.Room) is { } room)
            {
                if (!roomsOf.TryGetValue(socketId, out var rooms))
                {
                    rooms = new HashSet<string>(StringComparer.Ordinal);
                    roomsOf[socketId] = rooms;
                }

                rooms.Add(room);
            }
        }

        return roomsOf;
    }

    private AsyncPageable<TableEntity> RangeAsync(string partition, string prefix, CancellationToken cancellationToken, IEnumerable<string>? select = null, int? pageSize = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {Keys.UpperBound(prefix)}");
        return _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, select: select, cancellationToken: cancellationToken);
    }

    private static SocketIOSocketInfo Describe(TableEntity row, string @namespace, IReadOnlyCollection<string> rooms) =>
        new(row.GetString(Columns.SocketId), @namespace, row.GetString(Columns.ConnectionId), [.. rooms.Order(StringComparer.Ordinal)])
        {
            UserId = row.GetString(Columns.UserId),
            Data = row.GetString(Columns.Data),
        };
}
