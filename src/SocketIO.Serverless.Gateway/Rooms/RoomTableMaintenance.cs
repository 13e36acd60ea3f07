using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Keeps the rooms table true: on start (or, when storage is down then, in the first round it answers), creates it
/// and removes what this instance id's previous life left; then, every <see cref="RoomsOptions.HeartbeatInterval"/>,
/// writes the heartbeat, repairs rows that failed to write, and removes the rows of gateways whose heartbeat expired.
/// Storage being down costs a logged warning per round, never the gateway: every step is bounded and retried next
/// round.
/// </summary>
internal sealed class RoomTableMaintenance(
    TableSocketAdapterFactory adapters,
    IOptions<RoomsOptions> options,
    RoomsMetrics metrics,
    TimeProvider time,
    ILogger<RoomTableMaintenance> logger,
    IOptions<Recovery.ConnectionStateRecoveryOptions> recovery) : BackgroundService
{
    private readonly RoomsOptions _options = options.Value;
    private volatile bool _started;

    private RoomTable Table => adapters.Table;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartStepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RoomsUnavailableException e)
        {
            // Start anyway: broadcasts work from memory, and each round tries this step again until it is done.
            RoomsLog.MaintenanceFailed(logger, "start", _options.HeartbeatInterval, e.Message);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            // Until the start step is done, this id's previous life may still have rows, and the rest would work on
            // a table that is not known to exist.
            await Step("start", LateStartAsync, cancellationToken).ConfigureAwait(false);
            if (!_started)
            {
                return;
            }
        }

        await Step("heartbeat", HeartbeatAsync, cancellationToken).ConfigureAwait(false);
        await Step("repair", RepairAsync, cancellationToken).ConfigureAwait(false);
        await Step("cleanup", CleanupAsync, cancellationToken).ConfigureAwait(false);
        metrics.PendingRepairs(adapters.PendingRepairs);
    }

    /// <summary>Creates the table, removes what this instance id's previous life left, and writes the first heartbeat.</summary>
    private async Task StartStepAsync(CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

        // A restart under the same Gateway:InstanceId: every row of that id is from the life that ended.
        var removed = await Table.RemoveInstanceAsync(Table.InstanceId, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            metrics.SocketsCleaned(removed);
            RoomsLog.InstanceRemoved(logger, Table.InstanceId, "this instance id's previous run", removed);
        }

        await Table.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>
    /// The start step, once storage answers after the gateway started without it. Removing this id's rows also
    /// removes any this life managed to write meanwhile, so every socket it holds is written again by the repair.
    /// </summary>
    private async Task LateStartAsync(CancellationToken cancellationToken)
    {
        await StartStepAsync(cancellationToken).ConfigureAwait(false);
        RoomsLog.StartedLate(logger, DeferEverySocket());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.HeartbeatInterval), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (await Table.HeartbeatAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Another gateway removed this one's rows (its heartbeat looked expired, e.g. storage was unreachable from
        // here for long): every socket it holds is written again through the repair.
        RoomsLog.Resurrected(logger, DeferEverySocket());
    }

    /// <summary>Queues every socket this gateway holds for the repair (which writes its rows again); returns how many.</summary>
    private int DeferEverySocket()
    {
        var count = 0;
        foreach (var adapter in adapters.Adapters())
        {
            foreach (var socketId in adapter.SocketIds())
            {
                adapters.Defer(adapter, socketId);
                count++;
            }
        }

        return count;
    }

    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        if (adapters.PendingRepairs == 0)
        {
            return;
        }

        var repaired = await adapters.RepairAsync(cancellationToken).ConfigureAwait(false);
        if (repaired > 0)
        {
            RoomsLog.Repaired(logger, repaired);
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        foreach (var instanceId in await Table.ExpiredInstancesAsync(TimeSpan.FromMilliseconds(_options.InstanceExpiry), cancellationToken).ConfigureAwait(false))
        {
            var removed = await Table.RemoveInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            metrics.SocketsCleaned(removed);
            RoomsLog.InstanceRemoved(logger, instanceId, "heartbeat expired", removed);
        }

        if (recovery.Value.Enabled)
        {
            // Sessions nobody came back for (connection state recovery), in the namespaces this gateway serves.
            foreach (var adapter in adapters.Adapters())
            {
                await Table.RemoveExpiredSessionsAsync(adapter.Key, TimeSpan.FromMilliseconds(recovery.Value.MaxDisconnectionDuration), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task Step(string name, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken).ConfigureAwait(false);
        }
        catch (RoomsUnavailableException e)
        {
            RoomsLog.MaintenanceFailed(logger, name, _options.HeartbeatInterval, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug must cost one round of maintenance, never the gateway (a failing BackgroundService stops the host).
            RoomsLog.MaintenanceCrashed(logger, e, name);
        }
    }
}
