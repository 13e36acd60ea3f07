using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// The packets a session has waiting for its client, in order, bounded for messages. One consumer at a time
/// (the pending polling GET, or the WebSocket send loop) waits for packets and drains them all at once.
/// A <c>close</c> packet queued by <see cref="EnqueueCloseAndComplete"/> marks the end: nothing is queued after it.
/// </summary>
internal sealed class SessionOutbox(int maxMessages, long maxBytes)
{
    private readonly object _gate = new();
    private readonly Queue<EnginePacket> _queue = new();
    private TaskCompletionSource<bool>? _waiter;
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
        var size = packet.IsBinary ? packet.Binary.Length : packet.Text!.Length;
        TaskCompletionSource<bool>? waiter;
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
        }

        waiter?.TrySetResult(true);
        return OutboxResult.Enqueued;
    }

    /// <summary>Queues a control packet (open, ping, noop): not counted, never refused unless completed.</summary>
    public bool TryEnqueueControl(in EnginePacket packet)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(packet);
            waiter = TakeWaiter();
        }

        waiter?.TrySetResult(true);
        return true;
    }

    /// <summary>Queues the final <c>close</c> packet after everything queued so far, and accepts nothing more.</summary>
    public bool EnqueueCloseAndComplete()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(EnginePacket.Of(EnginePacketType.Close));
            _completed = true;
            waiter = TakeWaiter();
        }

        waiter?.TrySetResult(true);
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
