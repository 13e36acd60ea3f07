using Microsoft.Extensions.DependencyInjection.Extensions;
using SocketIO.Serverless.Gateway.Adapters;

namespace SocketIO.Serverless.Gateway.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>
    /// Connection state recovery (section <c>SocketIO:ConnectionStateRecovery</c>, docs/recovery.md): its options, its
    /// session store (memory unless <c>AddRooms</c> registered the table one) and the adapter decorator that keeps
    /// the packets to replay, around the single-gateway adapter registered so far (the Redis adapter, added later,
    /// wraps it in turn). Called by <c>AddSocketIO</c>; with <c>Enabled</c> false it changes nothing on the wire.
    /// </summary>
    public static IServiceCollection AddConnectionStateRecovery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ConnectionStateRecovery)))
        {
            // Already wrapped: wrapping twice would record every packet twice.
            return services;
        }

        services.AddOptions<ConnectionStateRecoveryOptions>()
            .BindConfiguration(ConnectionStateRecoveryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecoverySessionStore, InMemorySessionStore>();
        services.TryAddSingleton<ConnectionStateRecovery>();
        var single = services.Last(descriptor => descriptor.ServiceType == typeof(ISocketAdapterFactory));
        services.Replace(ServiceDescriptor.Singleton<ISocketAdapterFactory>(sp =>
            new RecoveringSocketAdapterFactory(Resolve(single, sp), sp.GetRequiredService<ConnectionStateRecovery>())));
        return services;
    }

    private static ISocketAdapterFactory Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ISocketAdapterFactory)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
