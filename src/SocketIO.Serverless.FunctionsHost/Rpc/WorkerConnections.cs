using System.Collections.Concurrent;

namespace SocketIO.Serverless.FunctionsHost.Rpc;

/// <summary>Hands a worker's incoming EventStream to whoever started that worker and awaits it, matched by worker id.</summary>
public sealed class WorkerConnections
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerChannel>> _expected = new();

    /// <summary>Announces a worker about to be started; the task completes when it opens its stream.</summary>
    public Task<WorkerChannel> Expect(string workerId)
    {
        var connected = new TaskCompletionSource<WorkerChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[workerId] = connected;
        return connected.Task;
    }

    public void Forget(string workerId)
    {
        if (_expected.TryRemove(workerId, out var connected))
        {
            connected.TrySetCanceled();
        }
    }

    /// <summary>Accepts the stream of an expected worker; false for an unknown (or already connected) worker id.</summary>
    public bool TryAccept(WorkerChannel channel)
        => _expected.TryRemove(channel.WorkerId, out var connected) && connected.TrySetResult(channel);
}
