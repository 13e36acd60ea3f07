using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

/// <summary>
/// A real Kestrel on 127.0.0.1:0 with the Engine.IO server, the echo at <c>/engine.io/</c> and whatever else a
/// test maps; stopped (gracefully) on dispose.
/// </summary>
internal sealed class EngineTestHost : IAsyncDisposable
{
    private readonly MeterListener _listener = new();
    private long _pendingPolls;

    private EngineTestHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "engine.polls.pending")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _pendingPolls, value));
        _listener.Start();
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IEngineServer Server => App.Services.GetRequiredService<IEngineServer>();

    public static async Task<EngineTestHost> StartAsync(Action<EngineOptions>? configure = null, Action<IEndpointRouteBuilder>? map = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // Sessions a test leaves open (polling clients that never come back) would hold the stop for the
        // default ShutdownTimeout; tests that check shutdown set their own.
        builder.Services.AddEngineIO(o =>
        {
            o.ShutdownTimeout = 500;
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapEngineEcho("/engine.io/");
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EngineTestHost(app, new Uri(address));
    }

    public string Url(string query, string path = "/engine.io/") => $"{path}?{query}";

    public Uri WebSocketUri(string query, string path = "/engine.io/") =>
        new($"ws://{BaseAddress.Authority}{path}?{query}");

    /// <summary>Opens a polling session; returns its sid and the handshake JSON.</summary>
    public async Task<(string Sid, JsonElement Handshake)> HandshakeAsync(string path = "/engine.io/")
    {
        using var response = await Http.GetAsync(Url("EIO=4&transport=polling", path));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0", body);
        var json = JsonDocument.Parse(body[1..]).RootElement.Clone();
        return (json.GetProperty("sid").GetString()!, json);
    }

    public async Task<HttpResponseMessage> PollAsync(string sid, CancellationToken cancellationToken = default, string path = "/engine.io/") =>
        await Http.GetAsync(Url($"EIO=4&transport=polling&sid={sid}", path), cancellationToken);

    public async Task<HttpResponseMessage> PostAsync(string sid, string payload, string path = "/engine.io/") =>
        await Http.PostAsync(Url($"EIO=4&transport=polling&sid={sid}", path), new StringContent(payload, Encoding.UTF8, "text/plain"));

    public async Task<string> PollTextAsync(string sid, string path = "/engine.io/")
    {
        using var response = await PollAsync(sid, path: path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<ClientWebSocket> ConnectWebSocketAsync(string query, string path = "/engine.io/")
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(WebSocketUri(query, path), timeout.Token);
        return socket;
    }

    /// <summary>Waits until this many long-polling GETs are held open by the server.</summary>
    public async Task WaitForPendingPollsAsync(int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Interlocked.Read(ref _pendingPolls) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} pending polls expected, {Interlocked.Read(ref _pendingPolls)} seen");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again and again up to <see cref="Patience"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Http.Dispose();
        using var timeout = new CancellationTokenSource(Patience);
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}

/// <summary>A frame read from a test WebSocket.</summary>
internal readonly record struct Frame(WebSocketMessageType Type, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

internal static class WebSocketTestExtensions
{
    public static async Task SendTextAsync(this WebSocket socket, string text) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next whole message; a Close frame comes back as a frame of type Close.</summary>
    public static async Task<Frame> ReceiveFrameAsync(this WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(EngineTestHost.Patience);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new Frame(WebSocketMessageType.Close, []);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new Frame(result.MessageType, message.ToArray());
            }
        }
    }

    /// <summary>Reads frames, answering nothing, until the server closes the socket; returns the text frames seen.</summary>
    public static async Task<List<string>> ReceiveUntilClosedAsync(this WebSocket socket)
    {
        var seen = new List<string>();
        while (true)
        {
            Frame frame;
            try
            {
                frame = await socket.ReceiveFrameAsync();
            }
            catch (WebSocketException)
            {
                return seen; // closed without a handshake
            }

            if (frame.Type == WebSocketMessageType.Close)
            {
                return seen;
            }

            seen.Add(frame.Text);
        }
    }
}
