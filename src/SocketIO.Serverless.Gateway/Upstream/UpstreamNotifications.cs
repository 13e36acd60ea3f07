using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Sends the non-blocking events (connected, disconnected) in the background, one after another per socket, so a
/// socket's traffic never waits for them and a function never sees a socket's disconnected before its connected.
/// Failures are logged and counted like any other.
/// </summary>
internal sealed class UpstreamNotifications(UpstreamInvoker invoker, UpstreamMetrics metrics, ILogger<UpstreamNotifications> logger)
{
    private readonly object _gate = new();
    private int _pending;
    private TaskCompletionSource? _idle;

    /// <summary>Notifications queued or in flight, across all sockets.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(UpstreamSocketState state, UpstreamCall call, byte[] jsonBody)
    {
        lock (_gate)
        {
            _pending++;
            state.NotificationTail = SendAfterAsync(state.NotificationTail, call, jsonBody);
        }
    }

    /// <summary>Completes once no notification is queued or in flight (at shutdown: the last disconnects reach the functions).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task SendAfterAsync(Task previous, UpstreamCall call, byte[] jsonBody)
    {
        try
        {
            await previous.ConfigureAwait(false);
            var result = await invoker.InvokeAsync(call, UpstreamRequestFactory.Json(jsonBody), CancellationToken.None).ConfigureAwait(false);
            if (!result.IsSuccessStatus && !(result.Failure == UpstreamFailure.None && result.Status == 404))
            {
                var failure = result.Failure == UpstreamFailure.None ? UpstreamFailure.Status : result.Failure;
                metrics.Failed(call.EventType, call.Socket.Namespace, UpstreamResult.FailureName(failure));
                UpstreamLog.InvocationFailed(logger, call.EventType, call.EventName, call.Socket.SocketId, call.Socket.Namespace, call.Socket.ConnectionId,
                    UpstreamResult.FailureName(failure), result.Detail ?? $"HTTP {result.Status}", result.Exception);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A background task has nobody to throw to: anything unexpected is logged, never left unobserved.
            UpstreamLog.InvocationFailed(logger, call.EventType, call.EventName, call.Socket.SocketId, call.Socket.Namespace, call.Socket.ConnectionId, "error", e.Message, e);
        }
        finally
        {
            TaskCompletionSource? idle = null;
            lock (_gate)
            {
                if (--_pending == 0)
                {
                    idle = _idle;
                    _idle = null;
                }
            }

            idle?.TrySetResult();
        }
    }
}
