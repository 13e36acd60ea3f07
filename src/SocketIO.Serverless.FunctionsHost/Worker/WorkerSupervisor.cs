using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.FunctionsHost.App;
using SocketIO.Serverless.FunctionsHost.Diagnostics;
using SocketIO.Serverless.FunctionsHost.Http;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Worker;

/// <summary>
/// Keeps one worker running: starts it, walks it through init, indexing and loading, publishes its functions,
/// and restarts it when it dies (backing off, and giving up after too many failed starts in a row).
/// </summary>
public sealed partial class WorkerSupervisor(
    FunctionApp app,
    HostEndpoints endpoints,
    WorkerConnections connections,
    HostState state,
    FunctionEndpointDataSource routes,
    ReadyAnnouncer announcer,
    HostTelemetry telemetry,
    IOptions<FunctionsHostOptions> options,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory) : BackgroundService
{
    public const string HostVersion = "4.0.0-socketio-local";

    private readonly ILogger _logger = loggerFactory.CreateLogger<WorkerSupervisor>();
    private readonly ILogger _workerOutput = loggerFactory.CreateLogger("Worker.Console");
    private readonly FunctionsHostOptions _options = options.Value;
    private int _settingsReported;

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        // Stop the worker as soon as shutdown begins: Kestrel's own shutdown waits for open requests, and the
        // worker's EventStream is one until the worker ends it.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        // Workers need the gRPC port, which exists only once Kestrel has started.
        if (!await WaitForServerAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var failures = 0;
        var started = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (failures > 0)
            {
                await Task.Delay(Backoff(failures), stoppingToken).ConfigureAwait(false);
            }

            if (started++ > 0)
            {
                telemetry.WorkerRestarts.Add(1);
            }

            try
            {
                await RunWorkerAsync(() => failures = 0, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is WorkerStartException or WorkerUnavailableException or TimeoutException or OperationCanceledException)
            {
                failures++;
                HostLog.WorkerStartFailed(_logger, failures, e);
                state.SetRestarting(e.Message);
                if (failures >= _options.MaxConsecutiveStartFailures)
                {
                    HostLog.GivingUp(_logger, failures);
                    state.SetFinal(HostStatus.Error, e.Message);
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }
            }
        }

        state.SetFinal(HostStatus.Stopped, "The host is shutting down.");
    }

    private async Task RunWorkerAsync(Action onReady, CancellationToken stoppingToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var connecting = connections.Expect(workerId);
        using var process = WorkerProcess.Start(app, workerId, endpoints.GrpcAddress, _workerOutput);
        HostLog.StartingWorker(_logger, workerId, process.CommandLine);
        if (Interlocked.Exchange(ref _settingsReported, 1) == 0)
        {
            foreach (var name in process.SkippedLocalSettings)
            {
                HostLog.LocalSettingSkipped(_logger, name);
            }
        }
        WorkerChannel? channel = null;
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startup.CancelAfter(_options.WorkerStartupTimeout);
            channel = await UntilExit(process, connecting, startup.Token).ConfigureAwait(false);
            var ready = await InitializeAsync(channel, process, startup.Token).ConfigureAwait(false);
            routes.Update(ready.Functions);
            state.SetReady(ready);
            onReady();
            HostLog.WorkerReady(_logger, workerId, process.Id, ready.Functions.Count, ready.IsProxying ? "ASP.NET Core integration" : "RpcHttp");
            announcer.Announce(ready);

            var finished = await Task.WhenAny(process.Exited, channel.Closed, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            if ((finished == process.Exited || finished == channel.Closed) && !stoppingToken.IsCancellationRequested)
            {
                // A closed stream usually means the process is on its way out; its exit code says more.
                var exitCode = await process.Exited.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : -1, TaskScheduler.Default).ConfigureAwait(false);
                HostLog.WorkerExited(_logger, workerId, process.Id, exitCode);
                var reason = new WorkerUnavailableException(
                    string.Create(CultureInfo.InvariantCulture, $"The function worker (process {process.Id}) stopped with exit code {exitCode}."));
                state.SetRestarting(reason.Message);
                channel.Close(reason);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new WorkerStartException($"The worker did not load its functions within {_options.WorkerStartupTimeout}.", e);
        }
        finally
        {
            connections.Forget(workerId);
            if (stoppingToken.IsCancellationRequested)
            {
                await TerminateAsync(workerId, channel, process).ConfigureAwait(false);
            }

            channel?.Close(new WorkerUnavailableException("The function worker was stopped."));
        }
    }

    private async Task<ReadyWorker> InitializeAsync(WorkerChannel channel, WorkerProcess process, CancellationToken cancellationToken)
    {
        var init = new WorkerInitRequest
        {
            HostVersion = HostVersion,
            WorkerDirectory = app.Directory,
            FunctionAppDirectory = app.Directory,
        };
        var initResponse = (await UntilExit(process, channel.RequestAsync(new StreamingMessage { WorkerInitRequest = init }, cancellationToken), cancellationToken).ConfigureAwait(false)).WorkerInitResponse
            ?? throw new WorkerStartException("The worker answered WorkerInitRequest with another message.");
        EnsureSuccess(initResponse.Result, "initialize");
        var capabilities = new Dictionary<string, string>(initResponse.Capabilities, StringComparer.Ordinal);
        Uri? httpUri = null;
        if (capabilities.TryGetValue(WorkerCapabilities.HttpUri, out var uri) && !string.IsNullOrEmpty(uri))
        {
            httpUri = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : throw new WorkerStartException($"The worker's HttpUri '{uri}' is not an absolute URI.");
        }

        var metadataRequest = new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory } };
        var metadata = (await UntilExit(process, channel.RequestAsync(metadataRequest, cancellationToken), cancellationToken).ConfigureAwait(false)).FunctionMetadataResponse
            ?? throw new WorkerStartException("The worker answered FunctionsMetadataRequest with another message.");
        EnsureSuccess(metadata.Result, "index its functions");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new WorkerStartException("The worker asks for host indexing (function.json files); this host supports worker indexing only.");
        }

        var loads = metadata.FunctionMetadataResults.Select(m => LoadAsync(channel, process, m, cancellationToken));
        var loaded = (await Task.WhenAll(loads).ConfigureAwait(false)).OfType<HttpFunction>().ToList();
        if (httpUri is not null)
        {
            // The worker reports HttpUri before its Kestrel listens; ready means requests can be forwarded.
            await UntilExit(process, WaitUntilListeningAsync(httpUri, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return new ReadyWorker(channel, process, capabilities, httpUri, loaded);
    }

    private async Task<HttpFunction?> LoadAsync(WorkerChannel channel, WorkerProcess process, RpcFunctionMetadata metadata, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(metadata.FunctionId))
        {
            metadata.FunctionId = Guid.NewGuid().ToString();
        }

        metadata.Directory = app.Directory;
        var request = new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata } };
        var response = (await UntilExit(process, channel.RequestAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false)).FunctionLoadResponse;
        if (response?.Result?.Status != StatusResult.Types.Status.Success)
        {
            var exception = response?.Result?.Exception is { } rpc ? new WorkerException(rpc) : null;
            HostLog.FunctionLoadFailed(_logger, metadata.Name, exception?.Message ?? response?.Result?.Result ?? "no answer", exception);
            return null;
        }

        return HttpFunction.FromMetadata(metadata, app.HostJson.RoutePrefix);
    }

    private async Task TerminateAsync(string workerId, WorkerChannel? channel, WorkerProcess process)
    {
        if (process.Exited.IsCompleted)
        {
            return;
        }

        var grace = _options.WorkerShutdownGracePeriod;
        channel?.TrySend(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(grace) } });
        if (channel is null || await Task.WhenAny(process.Exited, Task.Delay(grace)).ConfigureAwait(false) != process.Exited)
        {
            if (channel is not null)
            {
                HostLog.WorkerKilled(_logger, workerId, grace);
            }

            process.Kill();
        }
    }

    private static async Task<T> UntilExit<T>(WorkerProcess process, Task<T> step, CancellationToken cancellationToken)
    {
        var finished = await Task.WhenAny(step, process.Exited.WaitAsync(cancellationToken)).ConfigureAwait(false);
        if (finished != step)
        {
            await finished.ConfigureAwait(false); // surfaces cancellation
            throw new WorkerStartException($"The worker exited with code {process.Exited.Result} before it was ready. Its output is in the log above.");
        }

        return await step.ConfigureAwait(false);
    }

    private static async Task<bool> WaitUntilListeningAsync(Uri httpUri, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
        }
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            var detail = result?.Exception?.Message ?? result?.Result ?? "no result";
            throw new WorkerStartException($"The worker failed to {step}: {detail}");
        }
    }

    private async Task<bool> WaitForServerAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = _options.RestartBackoff * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay < _options.MaxRestartBackoff ? delay : _options.MaxRestartBackoff;
    }
}

/// <summary>A worker did not reach the ready state; the supervisor counts it and retries.</summary>
public sealed class WorkerStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Capability names from the language-worker protocol that this host acts on.</summary>
public static class WorkerCapabilities
{
    public const string HttpUri = "HttpUri";
    public const string RequiresRouteParameters = "RequiresRouteParameters";
    public const string RawHttpBodyBytes = "RawHttpBodyBytes";
    public const string RpcHttpBodyOnly = "RpcHttpBodyOnly";
    public const string UseNullableValueDictionaryForHttp = "UseNullableValueDictionaryForHttp";
    public const string HandlesInvocationCancelMessage = "HandlesInvocationCancelMessage";
}
