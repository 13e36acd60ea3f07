using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;

namespace SocketIO.Serverless.Functions;

/// <summary>Worker pipeline registration: <c>builder.UseSocketIO()</c> in Program.cs.</summary>
public static class SocketIOWorkerBuilderExtensions
{
    /// <summary>
    /// Adds the SDK's services (see <see cref="SocketIOServiceCollectionExtensions.AddSocketIO"/>) and its worker
    /// middleware, which checks every Socket.IO request (signature, format) before the function runs. Register
    /// connect and event middleware (<see cref="SocketIOConnectMiddleware"/>, <see cref="SocketIOEventMiddleware"/>) after it.
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder UseSocketIO(this IFunctionsWorkerApplicationBuilder builder, IConfiguration configuration, Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSocketIO(configuration, configure);
        builder.UseMiddleware<SocketIOWorkerMiddleware>();
        return builder;
    }
}
