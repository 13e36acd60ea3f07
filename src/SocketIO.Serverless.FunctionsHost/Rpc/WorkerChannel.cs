using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.Diagnostics;

namespace SocketIO.Serverless.FunctionsHost.Rpc;

/// <summary>
/// One worker's open EventStream: sends requests, matches responses to them (control messages by request id,
/// invocations by invocation id), forwards the worker's logs, and fails everything pending when the worker goes away.
/// </summary>
public sealed class WorkerChannel
{
    private readonly IAsyncStreamReader<StreamingMessage> _incoming;
    private readonly IServerStreamWriter<StreamingMessage> _outgoingStream;
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pendingRequests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _pendingInvocations = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkerLogForwarder _logs;
    private readonly ILogger _logger;
    private WorkerUnavailableException? _failure;

    public WorkerChannel(string workerId, IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, WorkerLogForwarder logs, ILogger logger)
    {
        WorkerId = workerId;
        _incoming = incoming;
        _outgoingStream = outgoing;
        _logs = logs;
        _logger = logger;
    }

    public string WorkerId { get; }

    /// <summary>Completes when the stream is over, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Pumps both directions until the stream ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteLoopAsync(stop.Token);
        try
        {
            while (await _incoming.MoveNext(stop.Token).ConfigureAwait(false))
            {
                Dispatch(_incoming.Current);
            }

            Close(new WorkerUnavailableException($"Worker {WorkerId} closed its event stream."));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Grpc.Core.RpcException or InvalidOperationException)
        {
            Close(new WorkerUnavailableException($"Worker {WorkerId}'s event stream ended: {e.Message}", e));
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            _outgoing.Writer.TryComplete();
            await writing.ConfigureAwait(false);
        }
    }

    /// <summary>Sends a control request and waits for the worker's response carrying the same request id.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, CancellationToken cancellationToken)
    {
        request.RequestId = Guid.NewGuid().ToString("N");
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingRequests[request.RequestId] = response;
        try
        {
            Send(request);
            return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pendingRequests.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>
    /// Starts an invocation and waits for its response. If <paramref name="cancellationToken"/> fires first,
    /// the worker is told to cancel the invocation.
    /// </summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingInvocations[request.InvocationId] = response;
        try
        {
            Send(new StreamingMessage { RequestId = request.InvocationId, InvocationRequest = request });
            return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!response.Task.IsCompleted)
        {
            TrySend(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } });
            throw;
        }
        finally
        {
            _pendingInvocations.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Queues a message that expects no answer (WorkerTerminate, InvocationCancel).</summary>
    public bool TrySend(StreamingMessage message) => _failure is null && _outgoing.Writer.TryWrite(message);

    /// <summary>Fails every pending request with <paramref name="reason"/>; later requests fail at once.</summary>
    public void Close(WorkerUnavailableException reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        foreach (var pending in _pendingRequests.Values)
        {
            pending.TrySetException(reason);
        }

        foreach (var pending in _pendingInvocations.Values)
        {
            pending.TrySetException(reason);
        }

        _closed.TrySetResult();
    }

    private void Send(StreamingMessage message)
    {
        var failure = _failure;
        if (failure is not null || !_outgoing.Writer.TryWrite(message))
        {
            throw failure ?? new WorkerUnavailableException($"Worker {WorkerId} is shutting down.");
        }

        // The worker may have gone between the check and the write; Close() fails what it finds pending, this catches the rest.
        if (_failure is { } late)
        {
            throw late;
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _outgoingStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or Grpc.Core.RpcException)
        {
            Close(new WorkerUnavailableException($"Could not write to worker {WorkerId}: {e.Message}", e));
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Forward(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.None:
                // The .NET worker acknowledges InvocationCancel with an empty message.
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_pendingInvocations.TryGetValue(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }
                else
                {
                    HostLog.LateInvocationResponse(_logger, message.InvocationResponse.InvocationId);
                }

                break;
            default:
                if (_pendingRequests.TryGetValue(message.RequestId, out var request))
                {
                    request.TrySetResult(message);
                }
                else
                {
                    HostLog.UnexpectedWorkerMessage(_logger, message.ContentCase.ToString(), WorkerId);
                }

                break;
        }
    }
}
