using System.Collections.Concurrent;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>
/// <see cref="SocketEventQueue{TEvent}"/> on its own: start order, the concurrency bound, back-pressure and the end
/// of a socket's events. Handlers are held by the test (each finishes when the test says so), so every check is on
/// state the queue must be in, never on timing.
/// </summary>
public sealed class SocketEventQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_one_at_a_time_the_next_handler_starts_only_after_the_previous_one_finished()
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(1, 100, long.MaxValue, handlers.Pause);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(queue.TryEnqueue(i, 1));
        }

        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);
        await handlers.WaitStartedAsync(1);
        Assert.Equal([1], handlers.Started);
        Assert.Equal(2, queue.Waiting);

        handlers.Finish(1);
        await handlers.WaitStartedAsync(2);
        Assert.Equal([1, 2], handlers.Started);

        handlers.Finish(2);
        await handlers.WaitStartedAsync(3);
        handlers.Finish(3);
        queue.Complete();
        await run.WaitAsync(Patience);
        Assert.Equal([1, 2, 3], handlers.Started);
        Assert.Equal([1, 2, 3], handlers.Finished);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task An_event_for_a_waiting_reader_starts_its_handler_on_the_enqueuing_thread(int maxConcurrent)
    {
        var queue = new SocketEventQueue<int>(maxConcurrent, 100, long.MaxValue, new HeldHandlers().Pause);
        var startedOn = new ConcurrentDictionary<int, int>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = queue.RunAsync(
            async item =>
            {
                startedOn[item] = Environment.CurrentManagedThreadId;
                await release.Task;
            },
            CancellationToken.None);

        // The reader waits on the empty queue: the one enqueuer that finds it waiting is told to start it.
        Assert.True(queue.TryEnqueue(1, 1, out var startReader));
        Assert.True(startReader);
        Assert.Empty(startedOn);
        queue.StartReader();
        Assert.Equal(Environment.CurrentManagedThreadId, startedOn[1]);

        // One at a time, the reader is busy with the first handler: nobody is told. With slots free it waits again,
        // and the next enqueuer is told.
        Assert.True(queue.TryEnqueue(2, 1, out var again));
        if (maxConcurrent == 1)
        {
            Assert.False(again);
        }
        else
        {
            Assert.True(again);
            queue.StartReader();
            Assert.Equal(Environment.CurrentManagedThreadId, startedOn[2]);
        }

        release.SetResult();
        queue.Complete();
        await run.WaitAsync(Patience);
        Assert.Equal([1, 2], startedOn.Keys.Order());
    }

    [Fact]
    public async Task With_a_bound_of_three_handlers_start_in_arrival_order_and_finish_in_any_order()
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(3, 100, long.MaxValue, handlers.Pause);
        for (var i = 1; i <= 5; i++)
        {
            queue.TryEnqueue(i, 1);
        }

        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);
        await handlers.WaitStartedAsync(3);
        Assert.Equal([1, 2, 3], handlers.Started);
        // Three running: the fourth waits for a slot, whatever the time.
        Assert.Equal(2, queue.Waiting);

        // The last one started finishes first: its slot goes to the next event in order.
        handlers.Finish(3);
        await handlers.WaitStartedAsync(4);
        Assert.Equal([1, 2, 3, 4], handlers.Started);
        Assert.Equal(1, queue.Waiting);

        handlers.Finish(2);
        await handlers.WaitStartedAsync(5);
        Assert.Equal([1, 2, 3, 4, 5], handlers.Started);
        Assert.Equal(0, queue.Waiting);

        handlers.Finish(5);
        handlers.Finish(1);
        handlers.Finish(4);
        queue.Complete();
        await run.WaitAsync(Patience);
        Assert.Equal([3, 2, 5, 1, 4], handlers.Finished);
    }

    [Fact]
    public async Task Reading_pauses_at_the_pending_bound_and_resumes_at_half_while_running_events_do_not_count()
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(2, 4, long.MaxValue, handlers.Pause);
        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);

        queue.TryEnqueue(1, 10);
        queue.TryEnqueue(2, 10);
        await handlers.WaitStartedAsync(2);
        for (var i = 3; i <= 5; i++)
        {
            queue.TryEnqueue(i, 10);
        }

        // Two running and three waiting: under the bound of four waiting.
        Assert.Empty(handlers.Pauses);

        queue.TryEnqueue(6, 10);
        var pause = Assert.Single(handlers.Pauses);
        Assert.Equal((4, 40L), (pause.Events, pause.Bytes));
        Assert.False(pause.Resumed);

        // One slot frees: event 3 starts, three wait (more than half of four): still paused.
        handlers.Finish(1);
        await handlers.WaitStartedAsync(3);
        Assert.False(pause.Resumed);

        // Event 4 starts: two wait, half the bound: reading resumes.
        handlers.Finish(2);
        await handlers.WaitStartedAsync(4);
        Assert.True(pause.Resumed);
        Assert.Single(handlers.Pauses);

        foreach (var i in new[] { 3, 4, 5, 6 })
        {
            handlers.Finish(i);
            if (i < 5)
            {
                await handlers.WaitStartedAsync(i + 2);
            }
        }

        queue.Complete();
        await run.WaitAsync(Patience);
        Assert.Equal([1, 2, 3, 4, 5, 6], handlers.Started);
    }

    [Fact]
    public void Reading_pauses_at_the_byte_bound_and_resumes_when_the_queue_completes()
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(4, 1_000, 100, handlers.Pause);

        queue.TryEnqueue(1, 60);
        Assert.Empty(handlers.Pauses);
        queue.TryEnqueue(2, 40);
        var pause = Assert.Single(handlers.Pauses);
        Assert.Equal((2, 100L), (pause.Events, pause.Bytes));

        // Nothing more will be queued: the connection may read again.
        queue.Complete();
        Assert.True(pause.Resumed);
        Assert.False(queue.TryEnqueue(3, 1));
        Assert.Equal(2, queue.Waiting);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task After_complete_the_waiting_events_are_still_handed_over_and_the_run_ends_after_the_last_handler(int maxConcurrent)
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(maxConcurrent, 100, long.MaxValue, handlers.Pause);
        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);
        queue.TryEnqueue(1, 1);
        queue.TryEnqueue(2, 1);
        await handlers.WaitStartedAsync(1);
        queue.Complete();

        handlers.Finish(1);
        await handlers.WaitStartedAsync(2);
        // The second event's handler is still running: the run (and so the socket's disconnect) waits for it.
        Assert.False(run.IsCompleted);

        handlers.Finish(2);
        await run.WaitAsync(Patience);
        Assert.Equal([1, 2], handlers.Finished);
    }

    [Fact]
    public async Task A_failing_handler_ends_the_run_once_the_others_have_finished()
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(2, 100, long.MaxValue, handlers.Pause);
        queue.TryEnqueue(1, 1);
        queue.TryEnqueue(2, 1);
        queue.TryEnqueue(3, 1);
        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);
        await handlers.WaitStartedAsync(2);

        handlers.Fail(1, new InvalidOperationException("handler failed"));
        // The failure may be recorded on another thread: were handler 2 to finish first, its free slot could start
        // event 3 before the failure is known (the race HasFailed describes).
        Assert.True(await Eventually.HoldsAsync(() => queue.HasFailed, Patience), "the failure was not recorded");
        Assert.False(run.IsCompleted);
        handlers.Finish(2);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Patience));
        Assert.Equal("handler failed", failure.Message);
        // No event starts after a failure.
        Assert.Equal([1, 2], handlers.Started);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cancelling_the_run_stops_it_without_waiting_for_the_handlers(int maxConcurrent)
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(maxConcurrent, 100, long.MaxValue, handlers.Pause);
        using var stop = new CancellationTokenSource();
        queue.TryEnqueue(1, 1);
        queue.TryEnqueue(2, 1);
        queue.TryEnqueue(3, 1);
        var run = queue.RunAsync(handlers.HandleAsync, stop.Token);
        await handlers.WaitStartedAsync(maxConcurrent);

        await stop.CancelAsync();
        if (maxConcurrent == 1)
        {
            // Strict order awaits the running handler itself: it ends when that handler gives up.
            handlers.Fail(1, new OperationCanceledException(stop.Token));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.Equal(maxConcurrent, handlers.Started.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_reader_waiting_on_an_empty_queue_is_woken_by_each_event_queued_later_and_ends_at_complete(int maxConcurrent)
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(maxConcurrent, 100, long.MaxValue, handlers.Pause);
        var run = queue.RunAsync(handlers.HandleAsync, CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            // The reader has handed over everything before: it is waiting on an empty queue again.
            Assert.True(queue.TryEnqueue(i, 1));
            await handlers.WaitStartedAsync(i);
            handlers.Finish(i);
        }

        Assert.False(run.IsCompleted);
        queue.Complete();
        await run.WaitAsync(Patience);
        Assert.False(queue.TryEnqueue(4, 1));
        Assert.Equal([1, 2, 3], handlers.Started);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cancelling_a_run_waiting_on_an_empty_queue_stops_it(int maxConcurrent)
    {
        var handlers = new HeldHandlers();
        var queue = new SocketEventQueue<int>(maxConcurrent, 100, long.MaxValue, handlers.Pause);
        using var stop = new CancellationTokenSource();
        var run = queue.RunAsync(handlers.HandleAsync, stop.Token);
        Assert.True(queue.TryEnqueue(1, 1));
        await handlers.WaitStartedAsync(1);
        handlers.Finish(1);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.Equal([1], handlers.Started);
    }

    [Fact]
    public void A_bound_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketEventQueue<int>(0, 100, 100, (_, _) => new PauseRecord(0, 0)));

    /// <summary>
    /// Handlers the test finishes one by one; what started, finished and paused, in order. Finishing runs the
    /// handler's end (and what the queue does next) at once, so the order the test finishes them in is the order.
    /// </summary>
    private sealed class HeldHandlers
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _running = new();
        private readonly List<int> _started = [];
        private readonly List<int> _finished = [];
        private readonly List<PauseRecord> _pauses = [];

        public IReadOnlyList<int> Started
        {
            get
            {
                lock (_started)
                {
                    return [.. _started];
                }
            }
        }

        public IReadOnlyList<int> Finished
        {
            get
            {
                lock (_finished)
                {
                    return [.. _finished];
                }
            }
        }

        public IReadOnlyList<PauseRecord> Pauses
        {
            get
            {
                lock (_pauses)
                {
                    return [.. _pauses];
                }
            }
        }

        public IDisposable Pause(int events, long bytes)
        {
            var pause = new PauseRecord(events, bytes);
            lock (_pauses)
            {
                _pauses.Add(pause);
            }

            return pause;
        }

        public async Task HandleAsync(int item)
        {
            var done = _running.GetOrAdd(item, _ => new TaskCompletionSource());
            lock (_started)
            {
                _started.Add(item);
            }

            // Not on xunit's synchronization context: the end runs inside Finish, in the order the test finishes.
            await done.Task.ConfigureAwait(false);
            lock (_finished)
            {
                _finished.Add(item);
            }
        }

        public async Task WaitStartedAsync(int count)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Started.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Started.Count} of {count} handlers started");
                await Task.Delay(5);
            }
        }

        public void Finish(int item) => Holder(item).SetResult();

        public void Fail(int item, Exception exception) => Holder(item).SetException(exception);

        private TaskCompletionSource Holder(int item) =>
            _running.GetOrAdd(item, _ => new TaskCompletionSource());
    }

    private sealed class PauseRecord(int events, long bytes) : IDisposable
    {
        public int Events { get; } = events;

        public long Bytes { get; } = bytes;

        public bool Resumed { get; private set; }

        public void Dispose() => Resumed = true;
    }
}
