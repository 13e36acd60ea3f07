using Microsoft.Extensions.DependencyInjection.Extensions;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

public static class InProcessServiceCollectionExtensions
{
    /// <summary>Registers an in-process <see cref="ISocketApplication"/> (replacing any other) built by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddInProcessSocketApplication(this IServiceCollection services, Action<InProcessApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new InProcessApplicationBuilder();
        configure(builder);
        services.RemoveAll<ISocketApplication>();
        services.AddSingleton<ISocketApplication>(sp => new InProcessApplication(builder, sp.GetRequiredService<ISocketHubs>()));
        return services;
    }
}
