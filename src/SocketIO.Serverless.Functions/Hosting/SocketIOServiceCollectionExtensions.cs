using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Functions;

/// <summary>Registration of the Socket.IO Functions SDK.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SocketIOServer"/> (<c>io</c>), <see cref="SocketIOServiceClient"/> and the request reader,
    /// configured from the section <c>SocketIO</c> of <paramref name="configuration"/> (<c>SocketIO:ConnectionString</c>,
    /// i.e. the app setting <c>SocketIO__ConnectionString</c>, and <c>SocketIO:Hub</c>). Membership reads go straight
    /// to the rooms table when <c>SocketIO:Rooms:*</c> or <c>AzureWebJobsStorage</c> names storage (<see cref="SocketIORoomsOptions"/>).
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services, IConfiguration configuration, Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<SocketIOOptions>().Bind(configuration.GetSection(SocketIOOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<SocketIOOptions>>().Value;
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException(
                    "The Socket.IO server API needs a connection string: set SocketIO:ConnectionString (app setting SocketIO__ConnectionString), e.g. Endpoint=http://localhost:3000;AccessKey=...;Version=1.0;");
            }

            return new SocketIOServiceClient(settings.ConnectionString, settings.Hub, provider.GetService<IOptions<SocketIOServiceClientOptions>>()?.Value);
        });
        var rooms = SocketIORoomsOptions.From(configuration);
        if (rooms.IsConfigured)
        {
            services.TryAddSingleton(_ => SocketIORoomReader.Create(rooms));
        }

        services.TryAddSingleton(provider => new SocketIOServer(
            provider.GetRequiredService<SocketIOServiceClient>(),
            provider.GetRequiredService<IOptions<SocketIOOptions>>().Value,
            provider.GetService<SocketIORoomReader>()));
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<SocketIOOptions>>().Value;
            var server = string.IsNullOrWhiteSpace(settings.ConnectionString) ? null : provider.GetRequiredService<SocketIOServer>();
            return new SocketIORequestReader(settings, server);
        });
        services.Configure<WorkerOptions>(worker => worker.InputConverters.RegisterAt<SocketIORequestConverter>(0));
        return services;
    }
}
