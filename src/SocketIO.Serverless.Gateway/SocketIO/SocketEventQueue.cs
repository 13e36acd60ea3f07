using System.Threading.Channels;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// One socket's events on their way to the application: handlers start in arrival order, at most
/// <c>maxConcurrent</c> of them run at once (1: strictly one after another), and the queue never drops an event:
/// once <c>maxPendingEvents</c> events (or <c>maxPendingBytes</c>) wait to start, <c>pauseReceiving</c> stops
/// reading from the client until half of them have started, so a burst slows the client down instead of growing
/// memory. Events running count against the concurrency bound, not against the pending bounds.
/// </summary>
internal sealed class SocketEventQueue<TEvent>
{
    private readonly Channel<Pending> _events;
    private readonly int _maxConcurrent;
    private readonly int _maxPendingEvents;
    private readonly long _maxPendingBytes;
    private readonly Func<int, long, IDisposable> _pauseReceiving;
    private readonly Lock _gate = new();
    private int _waitingEvents;
    private long _waitingBytes;
    private IDisposable? _receivePause;
    private ConcurrentRun? _running;

    /// <param name="pauseReceiving">Stops reading from the client (given the events and bytes waiting); disposing the result resumes it.</param>
    public SocketEventQueue(int maxConcurrent, int maxPendingEvents, long maxPendingBytes, Func<int, long, IDisposable> pauseReceiving)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        _maxConcurrent = maxConcurrent;
        _maxPendingEvents = maxPendingEvents;
        _maxPendingBytes = maxPendingBytes;
        _pauseReceiving = pauseReceiving;
        // Unbounded as a channel, bounded by back-pressure (see TryEnqueue).
        _events = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    }

    /// <summary>Events received and not started yet.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waitingEvents;
            }
        }
    }

    /// <summary>
    /// A handler's exception has been recorded: no event starts from now on. A handler that fails while another
    /// finishes may not be recorded yet when that other's slot frees, so one more event can start in that race.
    /// </summary>
    internal bool HasFailed => Volatile.Read(ref _running)?.Failure is not null;

    /// <summary>Queues an event; false once <see cref="Complete"/> was called (the event is not taken).</summary>
    public bool TryEnqueue(TEvent item, long bytes)
    {
        lock (_gate)
        {
            if (!_events.Writer.TryWrite(new Pending(item, bytes)))
            {
                return false;
            }

            _waitingEvents++;
            _waitingBytes += bytes;
            if (_receivePause is null && (_waitingEvents >= _maxPendingEvents || _waitingBytes >= _maxPendingBytes))
            {
                _receivePause = _pauseReceiving(_waitingEvents, _waitingBytes);
            }
        }

        return true;
    }

    /// <summary>
    /// No more events: <see cref="RunAsync"/> hands those still waiting to its handler and returns when the last
    /// handler has finished. Reading from the client resumes (nothing more is queued). Idempotent.
    /// </summary>
    public void Complete()
    {
        IDisposable? resume;
        lock (_gate)
        {
            _events.Writer.TryComplete();
            resume = _receivePause;
            _receivePause = null;
        }

        resume?.Dispose();
    }

    /// <summary>
    /// Hands every event to <paramref name="handle"/>, in arrival order, with at most the concurrency bound of them
    /// running, until <see cref="Complete"/>; then waits for the handlers still running. The synchronous start of
    /// each handler runs here, so handlers start in order. A handler's exception ends the run once the handlers
    /// running have finished (handlers are expected to handle their own failures). The one reader of the queue.
    /// </summary>
    public async Task RunAsync(Func<TEvent, Task> handle, CancellationToken cancellationToken)
    {
        if (_maxConcurrent == 1)
        {
            // Strict order: the next event's handler starts when the previous one has finished.
            while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var pending))
                {
                    Started(pending);
                    await handle(pending.Item).ConfigureAwait(false);
                }
            }

            return;
        }

        var running = new ConcurrentRun(_maxConcurrent);
        Volatile.Write(ref _running, running);
        try
        {
            while (true)
            {
                // A free slot first, then the event: an event only leaves the queue (and the pending bounds) to start.
                await running.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
                if (running.Failure is not null || !await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    running.ReleaseSlot();
                    break;
                }

                // The only reader, and WaitToReadAsync said an event is there.
                _events.Reader.TryRead(out var pending);
                Started(pending);
                running.Start(handle, pending.Item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Given up: the handlers still running are not waited for.
            throw;
        }

        await running.WhenAllAsync(cancellationToken).ConfigureAwait(false);
        running.ThrowIfFailed();
    }

    /// <summary>An event left the queue for its handler: resume reading once the queue is down to half.</summary>
    private void Started(in Pending pending)
    {
        IDisposable? resume = null;
        lock (_gate)
        {
            _waitingEvents--;
            _waitingBytes -= pending.Bytes;
            if (_receivePause is not null && _waitingEvents <= _maxPendingEvents / 2 && _waitingBytes <= _maxPendingBytes / 2)
            {
                resume = _receivePause;
                _receivePause = null;
            }
        }

        resume?.Dispose();
    }

    private readonly record struct Pending(TEvent Item, long Bytes);

    /// <summary>
    /// The handlers running at once: a slot per handler, released when it finishes. The semaphore is not disposed
    /// (it has no wait handle): a handler given up on at shutdown may still release its slot.
    /// </summary>
    private sealed class ConcurrentRun(int slots)
    {
        private readonly SemaphoreSlim _slots = new(slots, slots);
        private Exception? _failure;

        public Exception? Failure => Volatile.Read(ref _failure);

        public Task WaitForSlotAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

        public void ReleaseSlot() => _slots.Release();

        public void Start(Func<TEvent, Task> handle, TEvent item) => _ = RunOneAsync(handle, item);

        /// <summary>Every slot back: no handler is running any more.</summary>
        public async Task WhenAllAsync(CancellationToken cancellationToken)
        {
            for (var i = 0; i < slots; i++)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void ThrowIfFailed()
        {
            if (Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }

        private async Task RunOneAsync(Func<TEvent, Task> handle, TEvent item)
        {
            try
            {
                await handle(item).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _failure, exception, null);
            }
            finally
            {
                _slots.Release();
            }
        }
    }
}
