using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// At shutdown, after the engine closed every session (its stopping step runs before any hosted service stops),
/// waits for the connected/disconnected notifications still on their way, so functions learn of every socket's
/// end; bounded by twice <see cref="UpstreamOptions.Timeout"/> (a socket's connected, then its disconnected) and
/// by the host's shutdown time.
/// </summary>
internal sealed class UpstreamDrainService(UpstreamNotifications notifications, IOptions<UpstreamOptions> options, ILogger<UpstreamDrainService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromMilliseconds(options.Value.Timeout * 2L));
        try
        {
            await notifications.WhenIdleAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            UpstreamLog.NotificationsAbandoned(logger, notifications.Pending);
        }
    }
}
