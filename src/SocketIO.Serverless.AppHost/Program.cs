using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using SocketIO.Serverless.AppHost;

// dotnet run --project src/SocketIO.Serverless.AppHost [-- --Run:GatewayPort=3000 --Run:Gateways=1]
// Starts, in dependency order and each once healthy: Azurite (tables) -> the local Functions host with the chat app
// -> the gateway(s) (with Run:Gateways > 1, redis-server first). Ctrl+C stops them all.
// Run:* is read before the builder exists: whether there is a dashboard is decided when it is created.
var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables().AddCommandLine(args).Build();
var run = RunOptions.From(settings);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = !run.Dashboard });
var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));

var gatewayPorts = Enumerable.Range(0, run.Gateways).Select(i => RunOptions.PortOrFree(run.GatewayPort == 0 ? 0 : run.GatewayPort + i)).ToList();
var functionsPort = RunOptions.PortOrFree(run.FunctionsPort);
var azuritePort = RunOptions.PortOrFree(run.AzuritePort);
string Url(int port) => $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}";

// One access key per run, shared by the gateways (they check upstream signatures and management tokens with it) and
// the function app (it signs management calls and checks upstream signatures).
var accessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var managementConnectionString = $"Endpoint={Url(gatewayPorts[0])};AccessKey={accessKey};Version=1.0;";
var tables = LocalResources.AzuriteTablesConnectionString(azuritePort);

var azurite = builder.AddAzuriteTables(repoRoot, azuritePort);

var functions = builder.AddProject<Projects.SocketIO_Serverless_FunctionsHost>("functions", launchProfileName: null)
    .WithArgs("--app", Path.Combine(repoRoot, "src", "SocketIO.Serverless.ChatFunctions"), "--port", functionsPort.ToString(CultureInfo.InvariantCulture))
    .WithHttpEndpoint(port: functionsPort, targetPort: functionsPort, isProxied: false)
    .WithHttpHealthCheck("/admin/host/status")
    // The host passes its environment on to the worker, above the app's local.settings.json (as Core Tools does).
    .WithEnvironment("SocketIO__ConnectionString", managementConnectionString)
    .WithEnvironment("AzureWebJobsStorage", tables)
    .WithEnvironment("SocketIO__Rooms__ConnectionString", tables)
    .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
    .WaitFor(azurite);

// The gateway calls one function per event: /api/socketio{namespace}/{event} on the host (docs/upstream.md).
var upstreamUrlTemplate = "http://127.0.0.1:" + functionsPort.ToString(CultureInfo.InvariantCulture) + "/api/socketio{namespace}/{event}";

IResourceBuilder<ExecutableResource>? redis = null;
var redisPort = RunOptions.PortOrFree(run.RedisPort);
if (run.Gateways > 1)
{
    redis = builder.AddRedisServer(redisPort);
}

for (var i = 0; i < run.Gateways; i++)
{
    var port = gatewayPorts[i];
    var gateway = builder.AddProject<Projects.SocketIO_Serverless_Gateway>(run.Gateways == 1 ? "gateway" : $"gateway-{i + 1}", launchProfileName: null)
        .WithHttpEndpoint(port: port, targetPort: port, isProxied: false)
        .WithEndpoint("http", endpoint => endpoint.TargetHost = run.GatewayHost)
        .WithHttpHealthCheck("/readyz")
        .WithUrlForEndpoint("http", url => url.DisplayText = "chat page")
        .WithEnvironment("Gateway__Application", "Functions")
        .WithEnvironment("Gateway__InstanceId", "gateway-" + (i + 1).ToString(CultureInfo.InvariantCulture))
        .WithEnvironment("Upstream__UrlTemplate", upstreamUrlTemplate)
        .WithEnvironment("Upstream__ConnectionString", "Endpoint=" + Url(port) + ";AccessKey=" + accessKey + ";Version=1.0;")
        // No Upstream__Namespaces: the gateway learns the served namespaces from the app (a namespace whose connect
        // function does not exist gets connect_error "Invalid namespace"; docs/upstream.md).
        .WithEnvironment("Rooms__ConnectionString", tables)
        .WaitFor(azurite)
        .WaitFor(functions);
    if (redis is not null)
    {
        gateway.WithEnvironment("Redis__ConnectionString", "127.0.0.1:" + redisPort.ToString(CultureInfo.InvariantCulture))
            .WaitFor(redis);
    }

    var pageUrl = Url(port) + "/";
    builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (_, _) =>
    {
        Console.WriteLine($"Chat page: {pageUrl}  (admin token: dev-admin-token)");
        return Task.CompletedTask;
    });
}

if (run.OtlpEndpoint is { Length: > 0 } otlp)
{
    // Every .NET resource exports there instead of the dashboard (the test's OTLP receiver).
    foreach (var project in builder.Resources.OfType<ProjectResource>())
    {
        builder.CreateResourceBuilder(project)
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlp)
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500");
    }
}

if (run.Dashboard && settings["ASPNETCORE_URLS"] is { Length: > 0 } dashboard)
{
    builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((_, _) =>
    {
        Console.WriteLine($"Dashboard: {dashboard.Split(';')[0]} (logs, traces and metrics of every part; the login link is printed above)");
        return Task.CompletedTask;
    });
}

builder.Build().Run();
