using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.Recovery;

namespace SocketIO.Serverless.Gateway.Rooms;

public static class RoomsServiceCollectionExtensions
{
    /// <summary>
    /// Keeps rooms in Azure Table Storage when section <c>Rooms</c> names a table service (<c>Rooms:ConnectionString</c>
    /// or <c>Rooms:TableServiceUri</c>): the adapter of every namespace becomes the in-memory one with the table as its
    /// durable record, and the maintenance service runs. Otherwise nothing changes: rooms live in memory only.
    /// Call before <c>AddSocketIO</c>.
    /// </summary>
    public static IServiceCollection AddRooms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RoomsOptions>()
            .BindConfiguration(RoomsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var settings = configuration.GetSection(RoomsOptions.SectionName).Get<RoomsOptions>() ?? new RoomsOptions();
        if (!settings.IsConfigured)
        {
            return services;
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayInstance>();
        services.TryAddSingleton<RoomsMetrics>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RoomsOptions>>().Value;
            var client = CreateClient(options);
            var instance = sp.GetRequiredService<GatewayInstance>().Id;
            RoomsLog.Started(sp.GetRequiredService<ILogger<RoomTable>>(), client.Name, client.Uri, instance);
            return new RoomTable(client, instance, options, sp.GetRequiredService<RoomsMetrics>(), sp.GetRequiredService<TimeProvider>())
            {
                KeepSessions = sp.GetRequiredService<IOptions<ConnectionStateRecoveryOptions>>().Value.Enabled,
            };
        });
        services.Replace(ServiceDescriptor.Singleton<IRecoverySessionStore, TableSessionStore>());
        services.TryAddSingleton<TableSocketAdapterFactory>();
        services.Replace(ServiceDescriptor.Singleton<ISocketAdapterFactory>(sp => sp.GetRequiredService<TableSocketAdapterFactory>()));
        services.AddHostedService<RoomTableMaintenance>();
        return services;
    }

    private static TableClient CreateClient(RoomsOptions options)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(options.OperationTimeout);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new TableClient(options.ConnectionString, options.TableName, clientOptions);
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId,
        });
        return new TableClient(options.TableServiceUri!, options.TableName, credential, clientOptions);
    }
}
