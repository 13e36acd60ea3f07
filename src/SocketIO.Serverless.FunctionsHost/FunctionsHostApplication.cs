using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.FunctionsHost.Admin;
using SocketIO.Serverless.FunctionsHost.App;
using SocketIO.Serverless.FunctionsHost.Diagnostics;
using SocketIO.Serverless.FunctionsHost.Http;
using SocketIO.Serverless.FunctionsHost.Rpc;
using SocketIO.Serverless.FunctionsHost.Worker;
using SocketIO.Serverless.ServiceDefaults;

namespace SocketIO.Serverless.FunctionsHost;

/// <summary>Builds the host: configuration, Kestrel endpoints, the gRPC service, the function routes and the worker supervisor.</summary>
public static class FunctionsHostApplication
{
    /// <summary>Command-line switches, like func's: <c>--app PATH</c>, <c>--port N</c>, <c>--timeout hh:mm:ss</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--app"] = $"{FunctionsHostOptions.SectionName}:{nameof(FunctionsHostOptions.AppPath)}",
        ["--port"] = $"{FunctionsHostOptions.SectionName}:{nameof(FunctionsHostOptions.Port)}",
        ["-p"] = $"{FunctionsHostOptions.SectionName}:{nameof(FunctionsHostOptions.Port)}",
        ["--timeout"] = $"{FunctionsHostOptions.SectionName}:{nameof(FunctionsHostOptions.FunctionTimeout)}",
    };

    /// <summary>Time the host keeps for its own shutdown beyond the worker's grace period.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    /// <summary>Creates the host. <paramref name="configure"/> lets callers (tests, tools) add configuration or logging before it is read.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings));
        configure?.Invoke(builder);
        // OTLP / Azure Monitor when configured: invocation spans (their trace parent goes to the worker) and metrics.
        builder.AddServiceTelemetry(new ServiceTelemetry([HostTelemetry.Name], [HostTelemetry.Name]));

        var section = builder.Configuration.GetSection(FunctionsHostOptions.SectionName);
        builder.Services.AddOptions<FunctionsHostOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        // The generic host abandons services still stopping after its ShutdownTimeout and exits; the worker's grace
        // period (WorkerTerminate, then a kill) must fit inside it, or the worker would be left running.
        builder.Services.AddOptions<HostOptions>().PostConfigure<IOptions<FunctionsHostOptions>>((host, functions) =>
        {
            var needed = functions.Value.WorkerShutdownGracePeriod + ShutdownMargin;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        var options = section.Get<FunctionsHostOptions>() ?? new FunctionsHostOptions();
        if (string.IsNullOrWhiteSpace(options.AppPath))
        {
            throw new OptionsValidationException(nameof(FunctionsHostOptions), typeof(FunctionsHostOptions), ["Tell the host which function app to run: --app <build output or project folder>."]);
        }

        var app = FunctionApp.Locate(options.AppPath);
        // Like Core Tools: --port wins, then local.settings.json's Host.LocalHttpPort, then 7071.
        var port = section[nameof(FunctionsHostOptions.Port)] is not null ? options.Port : app.LocalSettings.LocalHttpPort ?? options.Port;

        var endpoints = new HostEndpoints();
        builder.WebHost.ConfigureKestrel(kestrel => endpoints.Configure(kestrel, port));
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton(app);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddRouting();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HostTelemetry>();
        builder.Services.AddSingleton<HostState>();
        builder.Services.AddSingleton<WorkerConnections>();
        builder.Services.AddSingleton<WorkerLogForwarder>();
        builder.Services.AddSingleton<WorkerHttpForwarder>();
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<FunctionEndpointDataSource>();
        builder.Services.AddSingleton<ReadyAnnouncer>();
        builder.Services.AddHostedService<WorkerSupervisor>();

        var web = builder.Build();
        web.UseRouting();
        web.MapGrpcService<FunctionRpcService>();
        web.MapAdminEndpoints();
        ((IEndpointRouteBuilder)web).DataSources.Add(web.Services.GetRequiredService<FunctionEndpointDataSource>());
        return web;
    }
}
