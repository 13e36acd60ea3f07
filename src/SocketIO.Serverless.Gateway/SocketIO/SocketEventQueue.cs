using System.Threading.Tasks.Sources;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// One socket's events on their way to the application: handlers start in arrival order, at most
/// <c>maxConcurrent</c> of them run at once (1: strictly one after another), and the queue never drops an event:
/// once <c>maxPendingEvents</c> events (or <c>maxPendingBytes</c>) wait to start, <c>pauseReceiving</c> stops
/// reading from the client until half of them have started, so a burst slows the client down instead of growing
/// memory. Events running count against the concurrency bound, not against the pending bounds.
/// </summary>
/// <remarks>
/// Not a <c>Channel</c>: an idle socket's channel held about 1.8 KB (its first 32-slot segment, its reader's and
/// writer's cached operations); this queue allocates its items' storage with the first event, and its one reader
/// waits on the queue itself (a reusable <see cref="IValueTaskSource{TResult}"/>).
/// </remarks>
internal sealed class SocketEventQueue<TEvent> : IValueTaskSource<bool>
{
    private readonly int _maxConcurrent;
    private readonly int _maxPendingEvents;
    private readonly long _maxPendingBytes;
    private readonly Func<int, long, IDisposable> _pauseReceiving;
    private readonly Lock _gate = new();
    private int _waitingEvents;
    private long _waitingBytes;
    private IDisposable? _receivePause;
    private ConcurrentRun? _running;
    private Queue<Pending>? _items;
    private bool _completed;
    private bool _readerWaiting;
    private CancellationToken _readerToken;
    private bool _wakeCancelled;

    // Completed by the enqueuing thread (StartReader) or from a work item of the thread pool's global queue (Wake):
    // the reader runs inline there.
    private ManualResetValueTaskSourceCore<bool> _readerWait;

    /// <param name="pauseReceiving">Stops reading from the client (given the events and bytes waiting); disposing the result resumes it.</param>
    public SocketEventQueue(int maxConcurrent, int maxPendingEvents, long maxPendingBytes, Func<int, long, IDisposable> pauseReceiving)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        _maxConcurrent = maxConcurrent;
        _maxPendingEvents = maxPendingEvents;
        _maxPendingBytes = maxPendingBytes;
        _pauseReceiving = pauseReceiving;
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

    /// <summary>
    /// Queues an event; false once <see cref="Complete"/> was called (the event is not taken). A waiting reader is
    /// started on this thread (see <see cref="StartReader"/>): call it holding no lock.
    /// </summary>
    public bool TryEnqueue(TEvent item, long bytes)
    {
        if (!TryEnqueue(item, bytes, out var startReader))
        {
            return false;
        }

        if (startReader)
        {
            StartReader();
        }

        return true;
    }

    /// <summary>
    /// Queues an event; false once <see cref="Complete"/> was called (the event is not taken). When the reader was
    /// waiting for it, <paramref name="startReader"/> is true and the caller calls <see cref="StartReader"/> once it
    /// has released its own locks (exactly one caller is told so per wait).
    /// </summary>
    public bool TryEnqueue(TEvent item, long bytes, out bool startReader)
    {
        startReader = false;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            // Unbounded as a queue, bounded by back-pressure (below).
            (_items ??= new Queue<Pending>()).Enqueue(new Pending(item, bytes));
            startReader = _readerWaiting;
            _readerWaiting = false;
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
    /// Resumes the waiting reader on the calling thread, so the event's handler starts here and runs until its first
    /// wait (as Node runs a listener when the packet is read): for the receive loop, no hand-off to another thread
    /// per event (one thread-pool work item of about five at one event in flight). Only after
    /// <see cref="TryEnqueue(TEvent, long, out bool)"/> said so.
    /// </summary>
    public void StartReader() => _readerWait.SetResult(true);

    /// <summary>
    /// No more events: <see cref="RunAsync"/> hands those still waiting to its handler and returns when the last
    /// handler has finished. Reading from the client resumes (nothing more is queued). Idempotent.
    /// </summary>
    public void Complete()
    {
        IDisposable? resume;
        bool wake;
        lock (_gate)
        {
            _completed = true;
            wake = _readerWaiting;
            _readerWaiting = false;
            resume = _receivePause;
            _receivePause = null;
        }

        if (wake)
        {
            Wake(cancelled: false);
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
        _readerToken = cancellationToken;
        using var cancelWait = cancellationToken.UnsafeRegister(static state => ((SocketEventQueue<TEvent>)state!).CancelWait(), this);
        if (_maxConcurrent == 1)
        {
            // Strict order: the next event's handler starts when the previous one has finished.
            while (await WaitToReadAsync().ConfigureAwait(false))
            {
                while (TryRead(out var pending))
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
                if (running.Failure is not null || !await WaitToReadAsync().ConfigureAwait(false))
                {
                    running.ReleaseSlot();
                    break;
                }

                // The only reader, and WaitToReadAsync said an event is there.
                TryRead(out var pending);
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

    /// <summary>True when an event is there, false once the queue is completed and empty; throws when the reader's token is cancelled.</summary>
    private ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            // Cancellation first, as a channel's reader checks it.
            _readerToken.ThrowIfCancellationRequested();
            if (_items is { Count: > 0 })
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _readerWait.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _readerWait.Version);
        }
    }

    private bool TryRead(out Pending pending)
    {
        lock (_gate)
        {
            if (_items is { Count: > 0 } items)
            {
                pending = items.Dequeue();
                return true;
            }

            pending = default;
            return false;
        }
    }

    /// <summary>The reader's token was cancelled: a waiting reader throws.</summary>
    private void CancelWait()
    {
        lock (_gate)
        {
            if (!_readerWaiting)
            {
                return;
            }

            _readerWaiting = false;
        }

        Wake(cancelled: true);
    }

    /// <summary>
    /// Resumes the waiting reader to end its run (completed or cancelled) on the thread pool's global queue, not
    /// inline: the caller may be an application's call inside its own locks, and the end of a run calls the
    /// application's disconnect. Only the one caller that took the waiting reader (under the lock) wakes it.
    /// </summary>
    private void Wake(bool cancelled)
    {
        _wakeCancelled = cancelled;
        ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.CompleteWait(), this, preferLocal: false);
    }

    private void CompleteWait()
    {
        if (_wakeCancelled)
        {
            _readerWait.SetException(new OperationCanceledException(_readerToken));
        }
        else
        {
            _readerWait.SetResult(false);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _readerWait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _readerWait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readerWait.OnCompleted(continuation, state, token, flags);

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
