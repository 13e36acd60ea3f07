using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

namespace SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;

/// <summary>One request the gateway made to the function app, as received.</summary>
public sealed record UpstreamRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No header {name} on {Path}.");

    public string? SocketId => Headers.GetValueOrDefault("ce-socketId");

    public string? EventType => Headers.GetValueOrDefault("ce-type");
}

/// <summary>What a fake function answers.</summary>
public sealed record FunctionAnswer(int Status, string? Body = null, string? ContentType = "text/plain; charset=utf-8", string? ConnectionState = null, TimeSpan Delay = default);

/// <summary>
/// A tiny real HTTP server on 127.0.0.1:0 standing in for the Functions host: records every upstream request and
/// answers from handlers registered by path (404 when none, like a host without that function).
/// </summary>
public sealed class FakeFunctionApp : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<UpstreamRequest, Task<FunctionAnswer>>> _handlers = new(StringComparer.Ordinal);
    private readonly List<UpstreamRequest> _requests = [];
    private readonly List<(Func<UpstreamRequest, bool> Match, TaskCompletionSource<UpstreamRequest> Done)> _waiters = [];
    private readonly object _gate = new();
    private LoopbackApp? _app;

    public Uri BaseAddress => _app?.BaseAddress ?? throw new InvalidOperationException("The function app is not started.");

    public IReadOnlyList<UpstreamRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeFunctionApp> StartAsync()
    {
        var fake = new FakeFunctionApp();
        fake._app = await LoopbackApp.StartAsync(WebApplication.CreateSlimBuilder(), app => app.Run(fake.HandleAsync)).ConfigureAwait(false);
        return fake;
    }

    /// <summary>Answers requests to <paramref name="path"/> (as received, e.g. <c>/api/socketio/admin/admin command</c>).</summary>
    public void On(string path, Func<UpstreamRequest, Task<FunctionAnswer>> handler) => _handlers[path] = handler;

    public void On(string path, Func<UpstreamRequest, FunctionAnswer> handler) => _handlers[path] = request => Task.FromResult(handler(request));

    /// <summary>Waits for a request matching <paramref name="match"/> (already received or still to come).</summary>
    public Task<UpstreamRequest> WaitForAsync(Func<UpstreamRequest, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<UpstreamRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _requests.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? string.Empty);
        var request = new UpstreamRequest(path, headers, body, context.Request.ContentType);
        Record(request);

        var answer = _handlers.TryGetValue(path, out var handler) ? await handler(request).ConfigureAwait(false) : new FunctionAnswer(404);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        if (answer.ConnectionState is not null)
        {
            context.Response.Headers["ce-connectionState"] = answer.ConnectionState;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private void Record(UpstreamRequest request)
    {
        List<TaskCompletionSource<UpstreamRequest>> matched = [];
        lock (_gate)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(request))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(request);
        }
    }
}
