using Microsoft.Extensions.DependencyInjection.Extensions;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Hosting;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Shares the gateway's sockets with every gateway on the same Redis when <c>Redis:ConnectionString</c> (or Aspire's <c>ConnectionStrings:redis</c>) is set
    /// (docs/scale-out.md): each namespace's adapter (whichever <c>AddRooms</c> chose) is wrapped in the Redis one, and
    /// the server API finds sockets on the other gateways. Otherwise nothing changes: one gateway, no Redis.
    /// Call after <c>AddRooms</c> and <c>AddSocketIO</c>.
    /// </summary>
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Aspire's convention, ConnectionStrings:redis, when Redis:ConnectionString is not set.
        var aspire = configuration.GetConnectionString(RedisOptions.AspireConnectionName);
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            .PostConfigure(options => options.ConnectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? aspire : options.ConnectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var settings = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        settings.ConnectionString = string.IsNullOrWhiteSpace(settings.ConnectionString) ? aspire : settings.ConnectionString;
        if (!settings.IsConfigured)
        {
            return services;
        }

        var single = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(ISocketAdapterFactory))
            ?? throw new InvalidOperationException("AddRedisScaleOut needs AddSocketIO first: it wraps the adapter factory that registers.");
        services.AddMetrics();
        services.TryAddSingleton<GatewayInstance>();
        services.TryAddSingleton<RedisMetrics>();
        services.TryAddSingleton<RedisBus>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisBus>());
        services.TryAddSingleton(sp => new RedisSocketAdapterFactory(Resolve(single, sp), sp.GetRequiredService<RedisBus>()));
        services.Replace(ServiceDescriptor.Singleton<ISocketAdapterFactory>(sp => sp.GetRequiredService<RedisSocketAdapterFactory>()));
        services.TryAddSingleton<ClusterSocketHubs>();
        services.Replace(ServiceDescriptor.Singleton<ISocketHubs>(sp => sp.GetRequiredService<ClusterSocketHubs>()));
        services.AddHostedService<ClusterMembershipService>();
        return services;
    }

    /// <summary>The adapter factory the gateway would use alone, built as its registration says.</summary>
    private static ISocketAdapterFactory Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ISocketAdapterFactory)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
