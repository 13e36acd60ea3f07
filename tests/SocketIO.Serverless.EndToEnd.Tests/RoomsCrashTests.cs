using System.Globalization;
using Azure.Data.Tables;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// Gateway processes sharing one rooms table in a real Azurite, one of them killed with SIGKILL: the dead one's rows
/// go (removed by a live gateway once its heartbeat expires, or at once by its successor under the same instance id),
/// and live sockets' rows stay.
/// </summary>
public sealed class RoomsCrashTests : IAsyncLifetime
{
    private readonly string _tableName = "crash" + Guid.NewGuid().ToString("N")[..12];
    private Azurite _azurite = null!;
    private TableClient _table = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _table = new TableClient(_azurite.ConnectionString, _tableName);
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task A_gateway_killed_with_SIGKILL_has_its_rows_removed_by_a_live_gateway_whose_own_rows_stay()
    {
        await using var doomed = await StartGatewayAsync("doomed-" + Guid.NewGuid().ToString("N")[..6], instanceExpiry: 600_000);
        await using var survivor = await StartGatewayAsync("survivor-" + Guid.NewGuid().ToString("N")[..6], instanceExpiry: 2_000);
        await using var doomedClients = await HeldSockets.StartAsync(doomed.Url, 3, "/");
        await using var survivorClients = await HeldSockets.StartAsync(survivor.Url, 3, "/");
        Assert.All(doomedClients.Sockets, socket => Assert.Contains(socket.Id, SocketRows()));
        Assert.All(survivorClients.Sockets, socket => Assert.Contains(socket.Id, SocketRows()));

        doomed.Process.Kill();

        await EventuallyAsync(() => !doomedClients.Sockets.Any(socket => SocketRows().Contains(socket.Id)), () => "the killed gateway's socket rows are removed\n" + survivor.Process.Output);
        Assert.All(survivorClients.Sockets, socket => Assert.Contains(socket.Id, SocketRows()));
        Assert.DoesNotContain(_table.Query<TableEntity>(row => row.PartitionKey == RoomTableKeys.InstancesPartition), row => row.GetString(RoomTableColumns.InstanceId) == doomed.InstanceId);
        Assert.Equal(3, MemberRows().Count);
    }

    [Fact]
    public async Task A_gateway_restarted_under_its_instance_id_removes_what_its_crash_left_before_it_listens()
    {
        var instanceId = "stable-" + Guid.NewGuid().ToString("N")[..6];
        var port = FreePort.Next();
        var before = await CrashWithSocketsAsync(instanceId, port);

        await using var second = await StartGatewayAsync(instanceId, instanceExpiry: 600_000, port);

        // No waiting: the cleanup runs while the gateway starts.
        Assert.DoesNotContain(SocketRows(), before.Contains);
        await using var newcomers = await HeldSockets.StartAsync(second.Url, 1, "/");
        Assert.Contains(newcomers.Sockets[0].Id, SocketRows());
    }

    [Fact]
    public async Task A_gateway_restarted_under_its_instance_id_while_storage_is_down_removes_what_its_crash_left_once_storage_answers()
    {
        var instanceId = "late-" + Guid.NewGuid().ToString("N")[..6];
        var port = FreePort.Next();
        var before = await CrashWithSocketsAsync(instanceId, port);

        await _azurite.StopAsync();
        await using var second = await StartGatewayAsync(instanceId, instanceExpiry: 600_000, port, operationTimeout: 2_000);
        Assert.Contains("Rooms table maintenance (start) failed", second.Process.Output, StringComparison.Ordinal);

        // A socket that connects while storage is down is written once it answers; the crash's rows go then too.
        await using var newcomers = await HeldSockets.StartAsync(second.Url, 1, "/");
        await _azurite.StartAgainAsync();
        await EventuallyAsync(
            () => SocketRows() is var rows && !before.Any(rows.Contains) && rows.Contains(newcomers.Sockets[0].Id),
            () => $"the crash's rows ({string.Join(", ", before)}) are removed and the newcomer's ({newcomers.Sockets[0].Id}) written; rows: {string.Join(", ", SocketRows())}\n{second.Process.Output}");
    }

    /// <summary>Runs a gateway under <paramref name="instanceId"/> with two sockets, kills it with SIGKILL, and returns the ids of the sockets its crash left in the table.</summary>
    private async Task<string[]> CrashWithSocketsAsync(string instanceId, int port)
    {
        await using var first = await StartGatewayAsync(instanceId, instanceExpiry: 600_000, port);
        await using var clients = await HeldSockets.StartAsync(first.Url, 2, "/");
        string[] left = [.. clients.Sockets.Select(socket => socket.Id)];
        Assert.All(left, id => Assert.Contains(id, SocketRows()));
        first.Process.Kill();
        await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        return left;
    }

    private HashSet<string> SocketRows() =>
        _table.Query<TableEntity>(filter: $"PartitionKey eq '{RoomTableKeys.NamespacePartition("hub", "/")}'")
            .Where(row => row.RowKey.StartsWith(RoomTableKeys.AllSockets, StringComparison.Ordinal))
            .Select(row => row.GetString(RoomTableColumns.SocketId))
            .ToHashSet(StringComparer.Ordinal);

    private List<TableEntity> MemberRows() =>
        [.. _table.Query<TableEntity>(filter: $"PartitionKey eq '{RoomTableKeys.NamespacePartition("hub", "/")}'")
            .Where(row => row.RowKey.StartsWith(RoomTableKeys.MemberPrefix + RoomTableKeys.Separator, StringComparison.Ordinal))];

    private async Task<GatewayProcess> StartGatewayAsync(string instanceId, int instanceExpiry, int? port = null, int operationTimeout = 10_000)
    {
        var url = $"http://127.0.0.1:{(port ?? FreePort.Next()).ToString(CultureInfo.InvariantCulture)}";
        var dll = BuildOutput.Program("SocketIO.Serverless.Gateway");
        var process = ChildProcess.Start("dotnet", [dll, "--urls", url], Path.GetDirectoryName(dll), new Dictionary<string, string?>
        {
            ["Gateway__Application"] = "Conformance",
            ["Gateway__InstanceId"] = instanceId,
            ["Rooms__ConnectionString"] = _azurite.ConnectionString,
            ["Rooms__TableName"] = _tableName,
            ["Rooms__HeartbeatInterval"] = "300",
            ["Rooms__InstanceExpiry"] = instanceExpiry.ToString(CultureInfo.InvariantCulture),
            ["Rooms__OperationTimeout"] = operationTimeout.ToString(CultureInfo.InvariantCulture),
        });
        try
        {
            await process.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new GatewayProcess(process, url, instanceId);
    }

    private static async Task EventuallyAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 30 s: {what()}");
            await Task.Delay(100);
        }
    }

    private sealed record GatewayProcess(ChildProcess Process, string Url, string InstanceId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
