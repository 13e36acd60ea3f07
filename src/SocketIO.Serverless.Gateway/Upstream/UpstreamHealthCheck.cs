using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Readiness of the upstream: every function host named by a URL template answers HTTP (any status counts: the
/// point is that events would reach it). Not part of liveness, so a down function host never gets the gateway
/// restarted.
/// </summary>
internal sealed class UpstreamHealthCheck(IHttpClientFactory clients, IOptionsMonitor<UpstreamOptions> options) : IHealthCheck
{
    public const string Name = "upstream";
    public const string ReadyTag = "ready";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var hosts = settings.Hubs.Values.Select(hub => hub.UrlTemplate).Append(settings.UrlTemplate)
            .Where(template => !string.IsNullOrWhiteSpace(template))
            .Select(template => new Uri(UpstreamUrlTemplate.Render(template!, ManagementApi.DefaultHub, "/", "connect").GetLeftPart(UriPartial.Authority) + "/"))
            .Distinct()
            .ToList();
        if (hosts.Count == 0)
        {
            return HealthCheckResult.Healthy("No upstream configured.");
        }

        var client = clients.CreateClient(UpstreamInvoker.HttpClientName);
        var failures = new List<string>();
        foreach (var host in hosts)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ProbeTimeout);
            try
            {
                using var response = await client.GetAsync(host, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                failures.Add($"{host}: {(e is OperationCanceledException ? "no answer within 5 s" : e.Message)}");
            }
        }

        return failures.Count == 0
            ? HealthCheckResult.Healthy($"Function hosts reachable: {string.Join(", ", hosts)}")
            : HealthCheckResult.Unhealthy("Function hosts unreachable: " + string.Join("; ", failures));
    }
}
