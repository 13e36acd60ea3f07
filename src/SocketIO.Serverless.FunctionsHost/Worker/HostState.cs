using SocketIO.Serverless.FunctionsHost.Http;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Worker;

/// <summary>The host's lifecycle as the real host names it (Initialized, Running, Error, Stopped), plus the worker serving requests.</summary>
public enum HostStatus
{
    Initialized,
    Running,
    Restarting,
    Error,
    Stopped,
}

/// <summary>A worker that has loaded its functions and can take invocations.</summary>
public sealed record ReadyWorker(
    WorkerChannel Channel,
    WorkerProcess Process,
    IReadOnlyDictionary<string, string> Capabilities,
    Uri? HttpUri,
    IReadOnlyList<HttpFunction> Functions)
{
    /// <summary>ASP.NET Core integration: the worker serves HTTP itself and the host forwards requests to it.</summary>
    public bool IsProxying => HttpUri is not null;

    public bool HasCapability(string name) => Capabilities.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value);
}

/// <summary>Which worker serves requests now, and a way to wait for one while it (re)starts.</summary>
public sealed class HostState
{
    private readonly object _gate = new();
    private TaskCompletionSource<ReadyWorker> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostStatus Status { get; private set; } = HostStatus.Initialized;

    public ReadyWorker? Current { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Completes when a worker is ready (at once if one is), or fails when the host gives up.</summary>
    public Task<ReadyWorker> WhenReady()
    {
        lock (_gate)
        {
            return _ready.Task;
        }
    }

    public void SetReady(ReadyWorker worker)
    {
        lock (_gate)
        {
            Current = worker;
            Status = HostStatus.Running;
            LastError = null;
            _ready.TrySetResult(worker);
        }
    }

    /// <summary>The current worker is gone; requests wait for the next one.</summary>
    public void SetRestarting(string reason)
    {
        lock (_gate)
        {
            Current = null;
            LastError = reason;
            if (Status is HostStatus.Error or HostStatus.Stopped)
            {
                return;
            }

            Status = Status == HostStatus.Initialized ? HostStatus.Initialized : HostStatus.Restarting;
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<ReadyWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void SetFinal(HostStatus status, string? reason)
    {
        lock (_gate)
        {
            Current = null;
            Status = status;
            LastError = reason ?? LastError;
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<ReadyWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ready.TrySetException(new WorkerUnavailableException($"The Functions host is {status}: {LastError}"));
        }
    }
}
