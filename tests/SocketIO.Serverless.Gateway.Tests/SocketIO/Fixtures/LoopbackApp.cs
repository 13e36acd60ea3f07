using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Hosting;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

/// <summary>
/// A real ASP.NET Core app on 127.0.0.1:0 (Kestrel picks a free port) for test fixtures: the gateway, or a fake
/// peer of it. Logging is off so test output shows only what failed; disposing stops the app.
/// </summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The app's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The base address without its trailing slash, as clients take it.</summary>
    public string Url => BaseAddress.ToString().TrimEnd('/');

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the app, maps its endpoints with <paramref name="map"/> and starts it.</summary>
    public static async Task<LoopbackApp> StartAsync(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(map);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new LoopbackApp(app, new Uri(addresses.Addresses.First()));
    }

    /// <summary>
    /// The gateway with <paramref name="settings"/> over its defaults, the application <paramref name="addApplication"/>
    /// registers, its Socket.IO endpoints and whatever else <paramref name="mapMore"/> maps.
    /// </summary>
    public static Task<LoopbackApp> StartGatewayAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder> addApplication, Action<WebApplication>? mapMore = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(addApplication);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSocketIOGateway();
        addApplication(builder);
        return StartAsync(builder, app =>
        {
            app.MapSocketIOGateway();
            mapMore?.Invoke(app);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
