using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.Management;
using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;

/// <summary>
/// The real gateway in-process on 127.0.0.1:0 with the HTTP upstream pointed at a <see cref="FakeFunctionApp"/>,
/// and the management API mapped. Hub <c>down</c> points at a port nobody listens on.
/// </summary>
public sealed class UpstreamGatewayFixture : IAsyncLifetime
{
    public const string AccessKey = "test-access-key";
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(2);

    private WebApplication? _app;

    public FakeFunctionApp Functions { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url => BaseAddress.ToString().TrimEnd('/');

    public string ConnectionString => $"Endpoint={Url};AccessKey={AccessKey};Version=1.0;";

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
    {
        Functions = await FakeFunctionApp.StartAsync().ConfigureAwait(false);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Application"] = GatewayApplications.Conformance,
            ["Gateway:ServeStaticFiles"] = "false",
            ["Engine:Cors:Origins:0"] = "*",
            ["Upstream:UrlTemplate"] = Functions.BaseAddress.ToString().TrimEnd('/') + "/api/socketio{namespace}/{event}",
            ["Upstream:Hubs:down:UrlTemplate"] = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/api/{{event}}",
            ["Upstream:AccessKey"] = AccessKey,
            ["Upstream:Timeout"] = UpstreamTimeout.ToString(),
            ["Upstream:Namespaces:0"] = "/",
            ["Upstream:Namespaces:1"] = "/admin",
            ["Upstream:Namespaces:2"] = "/state",
            ["Upstream:Namespaces:3"] = "/broken",
            ["Upstream:Namespaces:4"] = "/slow",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddSocketIOGateway();
        builder.Services.AddUpstream(builder.Configuration);

        _app = builder.Build();
        _app.MapSocketIOGateway();
        _app.MapManagementApi();
        await _app.StartAsync().ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (Functions is not null)
        {
            await Functions.DisposeAsync().ConfigureAwait(false);
        }
    }
}
