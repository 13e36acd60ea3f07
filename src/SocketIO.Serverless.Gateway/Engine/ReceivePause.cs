namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Back-pressure on what a session receives: while anyone holds a pause, the transports take nothing more from
/// the client (a WebSocket reads no frame, a polling POST is not answered), so TCP pushes back on the client
/// instead of the gateway buffering or dropping. Pauses nest; each handle releases once.
/// </summary>
internal sealed class ReceivePause
{
    private readonly object _gate = new();
    private int _holds;
    private long _started;
    private TaskCompletionSource? _resumed;

    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _holds > 0;
            }
        }
    }

    /// <summary>
    /// How many times reading stopped so far (a pause held while another is counts once): the heartbeat compares
    /// it across a ping to know whether the client's pong could have waited unread behind the pause.
    /// </summary>
    public long Started
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    public IDisposable Hold()
    {
        lock (_gate)
        {
            if (_holds++ == 0)
            {
                _started++;
            }
        }

        return new Handle(this);
    }

    /// <summary>Completes when no pause is held (at once when none is), or faults when <paramref name="cancellationToken"/> fires.</summary>
    public Task WhenResumedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_holds == 0)
            {
                return Task.CompletedTask;
            }

            _resumed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _resumed.Task.WaitAsync(cancellationToken);
        }
    }

    private void Release()
    {
        TaskCompletionSource? resumed;
        lock (_gate)
        {
            if (--_holds > 0)
            {
                return;
            }

            resumed = _resumed;
            _resumed = null;
        }

        resumed?.TrySetResult();
    }

    private sealed class Handle(ReceivePause owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
