using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Application.InProcess;
using SocketIO.Serverless.Gateway.Hosting;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

/// <summary>
/// The real gateway, started in-process on 127.0.0.1:0 with the <see cref="TestApplication"/>, shared by the tests
/// of a class. Heartbeat and limits are tightened so that ping timeouts and oversized payloads show in seconds.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const int PingInterval = 1_000;
    public const int PingTimeout = 2_000;
    public const int ConnectTimeout = 3_000;
    public const int MaxHttpBufferSize = 100_000;

    private WebApplication? _app;

    /// <summary>The gateway's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public string Url => BaseAddress.ToString().TrimEnd('/');

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Application"] = GatewayApplications.Conformance,
            ["Engine:PingInterval"] = PingInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:PingTimeout"] = PingTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:MaxHttpBufferSize"] = MaxHttpBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:Cors:Origins:0"] = "*",
            ["SocketIO:ConnectTimeout"] = ConnectTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddSocketIOGateway();
        builder.Services.AddInProcessSocketApplication(TestApplication.Configure);

        _app = builder.Build();
        _app.MapSocketIOGateway();
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
    }
}
