using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Rooms;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// This gateway's place among the others. Which gateways are alive for requests is Redis' own list of subscribers
/// (a killed gateway's connection drops, so it is not waited for); what outlives a gateway is its rows in the rooms
/// table, removed by the others once its heartbeat expires (<see cref="RoomTableMaintenance"/>). A gateway that stops
/// gracefully removes its own rows at once instead, after its sessions were closed. Also makes sure this gateway
/// answers the other gateways' requests from the start.
/// </summary>
internal sealed class ClusterMembershipService(
    ClusterSocketHubs servers,
    IServiceProvider services,
    IOptions<RoomsOptions> rooms,
    ILogger<ClusterMembershipService> logger) : IHostedService
{
    public ClusterSocketHubs Servers => servers;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(RoomTable)) is not RoomTable table)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(rooms.Value.OperationTimeout);
        try
        {
            var removed = await table.RemoveInstanceAsync(table.InstanceId, bounded.Token).ConfigureAwait(false);
            RedisLog.Leaving(logger, table.InstanceId, removed);
        }
        catch (Exception e) when (e is Adapters.RoomsUnavailableException or OperationCanceledException)
        {
            RedisLog.LeavingFailed(logger, e.Message);
        }
    }
}
