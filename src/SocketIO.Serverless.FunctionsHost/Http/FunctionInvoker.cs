using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.FunctionsHost.App;
using SocketIO.Serverless.FunctionsHost.Diagnostics;
using SocketIO.Serverless.FunctionsHost.Rpc;
using SocketIO.Serverless.FunctionsHost.Worker;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>
/// Runs one HTTP request as an invocation of a function: waits for a ready worker, invokes it in the worker's
/// HTTP mode, and maps every failure to a status (500 failed, 503 worker gone, 504 past functionTimeout).
/// </summary>
public sealed class FunctionInvoker(
    HostState state,
    FunctionApp app,
    WorkerHttpForwarder forwarder,
    HostTelemetry telemetry,
    IOptions<FunctionsHostOptions> options,
    ILogger<FunctionInvoker> logger)
{
    private readonly FunctionsHostOptions _options = options.Value;

    public TimeSpan? FunctionTimeout => _options.FunctionTimeout ?? app.HostJson.FunctionTimeout;

    public async Task InvokeAsync(HttpContext context, HttpFunction function)
    {
        var started = Stopwatch.GetTimestamp();
        var invocationId = Guid.NewGuid().ToString();
        using var activity = HostTelemetry.ActivitySource.StartActivity($"Functions.{function.Name}");
        activity?.SetTag("faas.invocation_id", invocationId);
        var timeout = FunctionTimeout;
        using var deadline = new CancellationTokenSource();
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        string outcome;
        try
        {
            var worker = await WaitForWorkerAsync(linked.Token).ConfigureAwait(false);
            outcome = worker.IsProxying
                ? await InvokeProxiedAsync(context, function, worker, invocationId, linked.Token).ConfigureAwait(false)
                : await InvokeRpcAsync(context, function, worker, invocationId, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            HostLog.InvocationTimedOut(logger, timeout!.Value, function.Name, invocationId);
            outcome = "TimedOut";
            await FailAsync(context, StatusCodes.Status504GatewayTimeout, $"Timeout value of {timeout} exceeded by function 'Functions.{function.Name}' (Id: '{invocationId}').").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            outcome = "ClientClosed";
        }
        catch (WorkerUnavailableException e)
        {
            HostLog.WorkerLost(logger, invocationId, function.Name, e.Message);
            outcome = "WorkerUnavailable";
            await FailAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        telemetry.RecordInvocation(function.Name, outcome, elapsed);
        HostLog.Executed(logger, function.Name, outcome, invocationId, (long)elapsed.TotalMilliseconds);
    }

    private async Task<ReadyWorker> WaitForWorkerAsync(CancellationToken cancellationToken)
    {
        var ready = state.WhenReady();
        if (ready.IsCompletedSuccessfully)
        {
            return ready.Result;
        }

        try
        {
            return await ready.WaitAsync(_options.ReadyWaitTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new WorkerUnavailableException($"No function worker became ready within {_options.ReadyWaitTimeout} (host state: {state.Status}; {state.LastError}).");
        }
    }

    private async Task<string> InvokeRpcAsync(HttpContext context, HttpFunction function, ReadyWorker worker, string invocationId, CancellationToken cancellationToken)
    {
        var trigger = await InvocationRequests.ForRpcAsync(context, worker, cancellationToken).ConfigureAwait(false);
        var request = InvocationRequests.Create(context, function, invocationId, trigger);
        var response = await worker.Channel.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        if (!Succeeded(response, function, invocationId, started: context.Response.HasStarted))
        {
            await FailAsync(context, StatusCodes.Status500InternalServerError, message: null).ConfigureAwait(false);
            return "Failed";
        }

        await RpcHttpResponseWriter.WriteAsync(context.Response, RpcHttpResponseWriter.FindOutput(function, response), cancellationToken).ConfigureAwait(false);
        return "Succeeded";
    }

    /// <summary>
    /// ASP.NET Core integration: the InvocationRequest goes over gRPC while the raw request goes to the worker's
    /// HTTP server. The worker answers a failed invocation with an empty 200, so the response is held until the
    /// InvocationResponse says how it went.
    /// </summary>
    private async Task<string> InvokeProxiedAsync(HttpContext context, HttpFunction function, ReadyWorker worker, string invocationId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = InvocationRequests.Create(context, function, invocationId, InvocationRequests.ForProxying(context, worker));
        var sent = Stopwatch.GetTimestamp();
        using var forwarding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var invocation = worker.Channel.InvokeAsync(request, cancellationToken);
        var forward = forwarder.SendAsync(context, worker.HttpUri!, invocationId, forwarding.Token);
        HeldResponse? held = null;
        try
        {
            await Task.WhenAny(invocation, forward).ConfigureAwait(false);
            if (invocation.IsCompleted && !Succeeded(await invocation.ConfigureAwait(false), function, invocationId, started: false))
            {
                await forwarding.CancelAsync().ConfigureAwait(false);
                await FailAsync(context, StatusCodes.Status500InternalServerError, message: null).ConfigureAwait(false);
                return "Failed";
            }

            HttpResponseMessage response;
            try
            {
                response = await forward.ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                HostLog.ForwardFailed(logger, invocationId, function.Name, e.Message);
                throw new WorkerUnavailableException($"The function worker's HTTP endpoint could not be reached: {e.Message}", e);
            }

            held = await forwarder.HoldAsync(response, cancellationToken).ConfigureAwait(false);
            if (held.Complete)
            {
                if (!Succeeded(await invocation.ConfigureAwait(false), function, invocationId, started: false))
                {
                    await FailAsync(context, StatusCodes.Status500InternalServerError, message: null).ConfigureAwait(false);
                    return "Failed";
                }

                ServerTiming.Add(context.Response, started, sent, Stopwatch.GetTimestamp());
                await WorkerHttpForwarder.CopyAsync(held, context, cancellationToken).ConfigureAwait(false);
                return "Succeeded";
            }

            // Too large to hold: stream it, and if the invocation still fails, cut the connection rather than pretend.
            await WorkerHttpForwarder.CopyAsync(held, context, cancellationToken).ConfigureAwait(false);
            return Succeeded(await invocation.ConfigureAwait(false), function, invocationId, started: true) ? "Succeeded" : "Failed";
        }
        finally
        {
            await forwarding.CancelAsync().ConfigureAwait(false);
            held?.Dispose();
            Observe(forward);
            Observe(invocation);
        }
    }

    private bool Succeeded(InvocationResponse response, HttpFunction function, string invocationId, bool started)
    {
        if (response.Result?.Status == StatusResult.Types.Status.Success)
        {
            return true;
        }

        var exception = response.Result?.Exception is { } rpc ? new WorkerException(rpc) : null;
        if (started)
        {
            HostLog.FailedAfterStreaming(logger, invocationId, function.Name, exception);
        }
        else
        {
            HostLog.ExecutionFailed(logger, function.Name, invocationId, exception);
        }

        return false;
    }

    private static async Task FailAsync(HttpContext context, int status, string? message)
    {
        if (context.Response.HasStarted)
        {
            // Headers are gone already; only an aborted connection tells the client the response is incomplete.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (message is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // A task left behind on an early exit must not surface as an unobserved exception.
    private static void Observe(Task task)
    {
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            _ = task.Exception;
        }
    }
}
