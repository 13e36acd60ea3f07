using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Functions.Tests;

/// <summary>A real HTTP server on 127.0.0.1:0 that records the management calls it gets and answers as told.</summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingServer(WebApplication app)
    {
        _app = app;
    }

    public Func<RecordedRequest, (int Status, string Body)> Answer { get; set; } = _ => (202, string.Empty);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<RecordingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return server;
    }

    public SocketIOServer Io(string hub = "hub") =>
        new(new SocketIOServiceClient($"Endpoint={Endpoint};AccessKey={Upstream.AccessKey};Version=1.0;", hub,
            new SocketIOServiceClientOptions { Retry = { MaxRetries = 0 } }), new SocketIOOptions());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var recorded = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray() as IReadOnlyList<string?>),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync(),
            $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}");
        _requests.Enqueue(recorded);
        var (status, body) = Answer(recorded);
        context.Response.StatusCode = status;
        if (body.Length > 0)
        {
            context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.WriteAsync(body);
        }
    }
}

internal sealed record RecordedRequest(
    string Method,
    string Path,
    string RawQuery,
    IReadOnlyDictionary<string, IReadOnlyList<string?>> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string Url)
{
    public string? QueryValue(string name) => Query.TryGetValue(name, out var values) ? values[0] : null;
}
