using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Protocol.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Rooms;

/// <summary>Rooms storage going away mid-run (Azurite killed) and coming back: clear errors meanwhile, nothing half-written, recovery after.</summary>
public sealed class RoomsFaultTests
{
    [Fact]
    public async Task With_storage_down_joins_fail_with_503_and_change_nothing_broadcasts_flow_and_everything_is_repaired_when_it_returns()
    {
        await using var gateway = await RoomsGateway.StartAsync();
        using var api = gateway.Api();
        await using var clients = await HeldSockets.StartAsync(gateway.Url, 3, "/f");
        var (member, leaver, joiner) = (clients.In("/f", 0), clients.In("/f", 1), clients.In("/f", 2));
        Assert.True(await gateway.Server.JoinAsync("/f", member.Id, ["kept"]));

        await gateway.Azurite.StopAsync();

        // A join fails clearly, and the socket is not in the room in memory either.
        using (var join = await api.SendAsync(HttpMethod.Put, $"/sockets/{joiner.Id}/groups/{RoomsGateway.Group("/f", "new")}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, join.StatusCode);
            Assert.Equal("ServiceUnavailable", join.Headers.GetValues("x-ms-error-code").Single());
            using var error = JsonDocument.Parse(await join.Content.ReadAsStringAsync());
            Assert.Equal("ServiceUnavailable", error.RootElement.GetProperty("code").GetString());
            Assert.Contains("Rooms storage", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("new", (await gateway.Server.RoomsOfAsync("/f", joiner.Id))!);
        using (var leave = await api.SendAsync(HttpMethod.Delete, $"/sockets/{member.Id}/groups/{RoomsGateway.Group("/f", "kept")}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, leave.StatusCode);
        }

        Assert.Contains("kept", (await gateway.Server.RoomsOfAsync("/f", member.Id))!);

        // Broadcasts to sockets already in memory keep flowing, and so do disconnects and new connections.
        using (var send = await api.SendAsync(HttpMethod.Post, $"/groups/{RoomsGateway.Group("/f", "kept")}/:send", "42/f,[\"news\",\"while down\"]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        }

        await clients.WaitForAsync("EVENT", member.Id, "while down");
        using (var disconnect = await api.SendAsync(HttpMethod.Delete, $"/sockets/{leaver.Id}?namespace=%2Ff"))
        {
            Assert.Equal(HttpStatusCode.NoContent, disconnect.StatusCode);
        }

        await using var late = await HeldSockets.StartAsync(gateway.Url, 1, "/f");
        var newcomer = late.In("/f");

        await gateway.Azurite.StartAgainAsync();

        // Repairs: the socket that left while storage was down loses its rows, the one that came gets its record.
        await RoomsGateway.EventuallyAsync(async () => (await gateway.RowsOfAsync("/f", leaver.Id)).Count == 0, "the rows of the socket that left while storage was down are removed");
        await RoomsGateway.EventuallyAsync(async () => (await gateway.RowsOfAsync("/f", newcomer.Id)).Any(row => row.RowKey == RoomTableKeys.SocketRow(newcomer.Id)), "the socket that connected while storage was down is recorded");
        Assert.Equal([member.Id], await gateway.MembersAsync("/f", "kept"));
        Assert.Empty(await gateway.MembersAsync("/f", "new"));

        using (var join = await api.SendAsync(HttpMethod.Put, $"/sockets/{joiner.Id}/groups/{RoomsGateway.Group("/f", "new")}"))
        {
            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        }

        Assert.Equal([joiner.Id], await gateway.MembersAsync("/f", "new"));
    }

    [Fact]
    public async Task A_rooms_table_deleted_under_a_running_gateway_is_created_and_written_again_from_memory()
    {
        await using var gateway = await RoomsGateway.StartAsync();
        await using var clients = await HeldSockets.StartAsync(gateway.Url, 2, "/lost");
        var socket = clients.In("/lost", 0);
        Assert.True(await gateway.Server.JoinAsync("/lost", socket.Id, ["survivors"]));

        await gateway.Table.DeleteAsync();

        // Both written again: the gateway rewrites its sockets one after another, so the second may follow the first.
        var other = clients.In("/lost", 1).Id;
        await RoomsGateway.EventuallyAsync(
            async () =>
            {
                try
                {
                    return (await gateway.MembersAsync("/lost", "survivors")).SequenceEqual([socket.Id])
                        && (await gateway.RowsOfAsync("/lost", other)).Any(row => row.RowKey == RoomTableKeys.SocketRow(other));
                }
                catch (Azure.RequestFailedException e) when (e.Status == 404)
                {
                    return false;
                }
            },
            "the live sockets' membership and socket rows are written again");
    }

    [Fact]
    public async Task A_gateway_taken_for_dead_writes_its_sockets_and_its_namespace_rows_again_so_a_later_crash_is_still_cleaned_up()
    {
        await using var gateway = await RoomsGateway.StartAsync();
        await using var clients = await HeldSockets.StartAsync(gateway.Url, 1, "/revived");
        var socket = clients.In("/revived");
        Assert.True(await gateway.Server.JoinAsync("/revived", socket.Id, ["club"]));
        var instance = gateway.Services.GetRequiredService<GatewayInstance>().Id;
        var marker = RoomTableKeys.InstanceNamespaceRow(instance, "hub", "/revived");
        Assert.NotNull(await FindAsync(RoomTableKeys.InstancesPartition, marker));

        // What a live gateway does to one whose heartbeat looked expired (a slow storage call, a loaded machine): every
        // row of that instance goes, its socket rows, its namespace rows, its heartbeat row.
        foreach (var row in await gateway.RowsOfAsync("/revived", socket.Id))
        {
            await gateway.Table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        await gateway.Table.DeleteEntityAsync(RoomTableKeys.InstancesPartition, marker);
        await gateway.Table.DeleteEntityAsync(RoomTableKeys.InstancesPartition, RoomTableKeys.InstanceRow(instance));

        // The gateway notices at its next heartbeat and writes its live socket again, and the namespace row that a
        // cleanup after its real crash starts from.
        await RoomsGateway.EventuallyAsync(async () => (await gateway.MembersAsync("/revived", "club")).SequenceEqual([socket.Id]), "the live socket's membership is written again");
        await RoomsGateway.EventuallyAsync(async () => await FindAsync(RoomTableKeys.InstancesPartition, marker) is not null, "the instance's namespace row is written again");
        Assert.Contains(await gateway.RowsOfAsync("/revived", socket.Id), row => row.RowKey == RoomTableKeys.OwnedRow(instance, socket.Id));

        async Task<Azure.Data.Tables.TableEntity?> FindAsync(string partitionKey, string rowKey)
        {
            var found = await gateway.Table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(partitionKey, rowKey);
            return found.HasValue ? found.Value : null;
        }
    }
}
