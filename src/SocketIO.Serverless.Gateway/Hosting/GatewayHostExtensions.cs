using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters.Redis;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.Management;
using SocketIO.Serverless.Gateway.Rooms;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>Assembles the gateway: what Program.cs runs, and what tests start in-process.</summary>
public static class GatewayHostExtensions
{
    /// <summary>Health checks tagged with this take part in <c>/readyz</c>.</summary>
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Registers the gateway's services: Engine.IO (section <c>Engine</c>), rooms storage (section <c>Rooms</c>),
    /// Socket.IO (section <c>SocketIO</c>), scale-out over Redis (section <c>Redis</c>), the
    /// application chosen by <c>Gateway:Application</c>, and the health checks.
    /// </summary>
    public static WebApplicationBuilder AddSocketIOGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddEngineIO();
        services.AddRooms(builder.Configuration);
        services.AddSocketIO();
        services.AddRedisScaleOut(builder.Configuration);
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        GatewayApplications.Register(gateway.Application, services, builder.Configuration);
        services.AddHealthChecks().AddCheck<GatewayReadinessCheck>("gateway", tags: [ReadinessTag]);
        return builder;
    }

    /// <summary>
    /// Maps the gateway's endpoints: Socket.IO on <c>SocketIO:Path</c> and <c>SocketIO:HubPath</c>, the client bundle,
    /// the raw Engine.IO echo when <c>Engine:EchoPath</c> is set, the management API (with the Functions application),
    /// <c>/healthz</c>, <c>/readyz</c> and the demo page.
    /// </summary>
    public static WebApplication MapSocketIOGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var socketIO = app.Services.GetRequiredService<IOptions<SocketIOOptions>>().Value;
        if (gateway.ServeStaticFiles)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        if (gateway.ServeClient)
        {
            app.MapSocketIOClientBundle(socketIO.Path);
        }

        app.MapEngineIO(socketIO.Path, static services => services.GetRequiredService<SocketIOEngineApplication>());
        if (!string.IsNullOrWhiteSpace(socketIO.HubPath))
        {
            app.MapEngineIO(socketIO.HubPath, static services => services.GetRequiredService<SocketIOEngineApplication>());
        }

        app.MapEngineEcho();

        // Functions act on sockets through the management REST API (docs/management-api.md); it needs the upstream's access key.
        if (string.Equals(gateway.Application, GatewayApplications.Functions, StringComparison.OrdinalIgnoreCase))
        {
            app.MapManagementApi();
        }

        // Liveness runs no check (the process answers); readiness runs the checks tagged "ready".
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = static check => check.Tags.Contains(ReadinessTag) });
        return app;
    }

    /// <summary>Serves the Socket.IO client bundle under <paramref name="path"/> (e.g. <c>/socket.io/socket.io.js</c>).</summary>
    public static IEndpointRouteBuilder MapSocketIOClientBundle(this IEndpointRouteBuilder endpoints, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var bundle = ClientBundle.Load();
        var prefix = "/" + path.Trim('/') + "/";
        foreach (var fileName in bundle.FileNames)
        {
            endpoints.MapMethods(prefix + fileName, [HttpMethods.Get, HttpMethods.Head], context => bundle.ServeAsync(context, fileName))
                .WithDisplayName("Socket.IO client " + fileName);
        }

        return endpoints;
    }
}
