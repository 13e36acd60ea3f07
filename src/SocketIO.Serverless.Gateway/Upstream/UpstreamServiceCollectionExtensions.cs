using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Upstream;

public static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the upstream options (section <c>Upstream</c>) and health check, and, when a URL template is
    /// configured, makes the HTTP upstream the <see cref="ISocketApplication"/> (replacing any other).
    /// </summary>
    public static IServiceCollection AddUpstream(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(UpstreamOptions.SectionName);
        services.AddOptions<UpstreamOptions>()
            .Bind(section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<UpstreamMetrics>();
        services.TryAddSingleton<UpstreamRequestFactory>();
        services.TryAddSingleton<UpstreamInvoker>();
        services.TryAddSingleton<UpstreamNotifications>();

        services.AddHttpClient(UpstreamInvoker.HttpClientName, (provider, client) =>
            {
                // Timeouts are per call (Upstream:Timeout), so that a timeout is told apart from the caller giving up.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = provider.GetRequiredService<IOptions<UpstreamOptions>>().Value.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = provider.GetRequiredService<IOptions<UpstreamOptions>>().Value.MaxConnectionsPerServer,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseCookies = false,
                AllowAutoRedirect = false,
            })
            // The handler keeps its pool; PooledConnectionLifetime already refreshes connections for DNS changes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // HttpClient's own per-request logging (Information, off in appsettings) still cost a logging scope and two
            // handlers per request; failures are logged by UpstreamLog.
            .RemoveAllLoggers();

        // Tagged "ready": part of the gateway's /readyz, never of its liveness (/healthz).
        services.AddHealthChecks().AddCheck<UpstreamHealthCheck>(UpstreamHealthCheck.Name, tags: [UpstreamHealthCheck.ReadyTag]);

        if (section.Get<UpstreamOptions>() is { IsConfigured: true })
        {
            services.Replace(ServiceDescriptor.Singleton<ISocketApplication, HttpSocketApplication>());
            services.AddHostedService<UpstreamDrainService>();
        }

        return services;
    }
}
