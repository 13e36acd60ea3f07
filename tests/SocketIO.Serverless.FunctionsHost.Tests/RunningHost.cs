using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.Worker;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>
/// The Functions host started in the test process on an ephemeral port, running a real worker process for a test
/// app; stopping it terminates the worker.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly WebApplication _app;

    private RunningHost(WebApplication app, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        Endpoints = app.Services.GetRequiredService<HostEndpoints>();
        State = app.Services.GetRequiredService<HostState>();
    }

    /// <summary>A client for the host's HTTP front (its ephemeral port is known once it has started).</summary>
    public HttpClient Client { get; private set; } = new();

    public LogCapture Logs { get; }

    public HostState State { get; }

    public HostEndpoints Endpoints { get; }

    public static async Task<RunningHost> StartAsync(string appPath, params (string Key, string Value)[] settings)
    {
        var logs = new LogCapture();
        var app = FunctionsHostApplication.Build(["--app", appPath, "--port", "0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
            builder.Logging.AddProvider(logs);
        });
        var host = new RunningHost(app, logs);
        try
        {
            await app.StartAsync();
            host.Client = new HttpClient { BaseAddress = host.Endpoints.HttpBaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            await host.State.WhenReady().WaitAsync(StartTimeout);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fails with the response body and the host's log unless the response has the expected status.</summary>
    public async Task AssertStatusAsync(System.Net.HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)expected} {expected} from {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {body}\nHost log:\n{string.Join('\n', Logs.Lines)}");
        }
    }

    /// <summary>Waits until a worker other than <paramref name="previousProcessId"/> is ready.</summary>
    public async Task<ReadyWorker> WaitForNewWorkerAsync(int previousProcessId)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            var ready = await State.WhenReady().WaitAsync(deadline.Token);
            if (ready.Process.Id != previousProcessId)
            {
                return ready;
            }

            // Still the old worker: wait for the supervisor to notice its exit, then for the next one.
            await ready.Channel.Closed.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
