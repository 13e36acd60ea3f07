using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// The packets a session has waiting for its client, in order, bounded for messages. One consumer at a time
/// takes them: the pending polling GET waits (<see cref="WaitAsync"/>) and drains them all at once; a WebSocket
/// attaches a writer (<see cref="AttachWriter"/>) that whoever queues a packet while no write is under way runs
/// on its own thread, so a packet reaches the socket without a hand-off to another thread.
/// A <c>close</c> packet queued by <see cref="EnqueueCloseAndComplete"/> marks the end: nothing is queued after it.
/// </summary>
internal sealed class SessionOutbox(int maxMessages, long maxBytes)
{
    private readonly object _gate = new();
    private readonly Queue<EnginePacket> _queue = new();
    private TaskCompletionSource<bool>? _waiter;
    private Action? _writer;
    private bool _writing;
    private int _messages;
    private long _bytes;
    private bool _completed;

    public int BufferedMessages
    {
        get
        {
            lock (_gate)
            {
                return _messages;
            }
        }
    }

    public long BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Queues a message packet, counted against the bounds.</summary>
    public OutboxResult TryEnqueueMessage(in EnginePacket packet)
    {
        var size = SizeOf(packet);
        TaskCompletionSource<bool>? waiter;
        Action? writer;
        lock (_gate)
        {
            if (_completed)
            {
                return OutboxResult.Completed;
            }

            if (_messages >= maxMessages || _bytes + size > maxBytes)
            {
                return OutboxResult.Full;
            }

            _messages++;
            _bytes += size;
            _queue.Enqueue(packet);
            waiter = TakeWaiter();
            writer = StartWriter();
        }

        waiter?.TrySetResult(true);
        writer?.Invoke();
        return OutboxResult.Enqueued;
    }

    /// <summary>Queues a control packet (open, ping, noop): not counted, never refused unless completed.</summary>
    public bool TryEnqueueControl(in EnginePacket packet)
    {
        TaskCompletionSource<bool>? waiter;
        Action? writer;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(packet);
            waiter = TakeWaiter();
            writer = StartWriter();
        }

        waiter?.TrySetResult(true);
        writer?.Invoke();
        return true;
    }

    /// <summary>Queues the final <c>close</c> packet after everything queued so far, and accepts nothing more.</summary>
    public bool EnqueueCloseAndComplete()
    {
        TaskCompletionSource<bool>? waiter;
        Action? writer;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(EnginePacket.Of(EnginePacketType.Close));
            _completed = true;
            waiter = TakeWaiter();
            writer = StartWriter();
        }

        waiter?.TrySetResult(true);
        writer?.Invoke();
        return true;
    }

    /// <summary>Accepts nothing more and drops what is waiting (the session is gone).</summary>
    public void CompleteAndClear()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            _completed = true;
            _queue.Clear();
            _messages = 0;
            _bytes = 0;
            waiter = TakeWaiter();
        }

        waiter?.TrySetResult(false);
    }

    /// <summary>Moves every waiting packet into <paramref name="into"/>; false when there was none.</summary>
    public bool Drain(List<EnginePacket> into)
    {
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return false;
            }

            while (_queue.TryDequeue(out var packet))
            {
                into.Add(packet);
            }

            _messages = 0;
            _bytes = 0;
            return true;
        }
    }

    /// <summary>
    /// Makes <paramref name="write"/> the outbox's consumer, from now on: whoever queues a packet while no write is
    /// under way calls it (once, on the queuing thread, after the outbox's lock is released), and it then owns the
    /// outbox until <see cref="TryTakeForWriter"/> finds it empty. True when packets were already waiting: the
    /// caller then calls <paramref name="write"/> itself.
    /// </summary>
    public bool AttachWriter(Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            _writer = write;
            return StartWriter() is not null;
        }
    }

    /// <summary>
    /// For the writer: takes the next packet, in order; false when none is waiting, and the write is then over
    /// (the next packet queued starts the writer again).
    /// </summary>
    public bool TryTakeForWriter(out EnginePacket packet)
    {
        lock (_gate)
        {
            if (!_queue.TryDequeue(out packet))
            {
                _writing = false;
                return false;
            }

            if (packet.Type == EnginePacketType.Message)
            {
                _messages--;
                _bytes -= SizeOf(packet);
            }

            return true;
        }
    }

    /// <summary>Waits until packets are waiting (true), or the outbox is completed and empty (false).</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<bool> wait;
            lock (_gate)
            {
                if (_queue.Count > 0)
                {
                    return true;
                }

                if (_completed)
                {
                    return false;
                }

                _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static int SizeOf(in EnginePacket packet) => packet.IsBinary ? packet.Binary.Length : packet.Text?.Length ?? 0;

    /// <summary>The writer to call now, when one is attached and none is running (under the lock).</summary>
    private Action? StartWriter()
    {
        if (_writer is null || _writing || _queue.Count == 0)
        {
            return null;
        }

        _writing = true;
        return _writer;
    }

    private TaskCompletionSource<bool>? TakeWaiter()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }
}

internal enum OutboxResult
{
    Enqueued,
    Full,
    Completed,
}
