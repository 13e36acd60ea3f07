using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// The server side of the v4 heartbeat: a <c>ping</c> every PingInterval after the open (or the last pong), and
/// "ping timeout" when no <c>pong</c> follows within PingTimeout. The deadline is kept as a time, so a request
/// that arrives after it finds the session expired even if the timer has not fired yet.
/// </summary>
/// <remarks>
/// Back-pressure (<see cref="ReceivePause"/>) stops reading from the client, so its pong can wait unread behind the
/// events it sent before it. A pong that is overdue while reading was stopped at any moment since the ping is
/// excused: the ping goes out again at once, with a whole PingTimeout for its pong. Pausing never delays a ping:
/// the client closes with "ping timeout" when no ping comes within PingInterval + PingTimeout of the last one,
/// however busy the gateway is with its events.
/// <para>
/// One timer per session, moved as the schedule changes, and no task waiting on it: an idle connection spends most
/// of its life here, and an awaited delay held a delay task, its cancellation registration and an async state
/// machine per connection (about 0.3 KB) where the timer alone does.
/// </para>
/// </remarks>
internal sealed class Heartbeat(EngineSession session, TimeProvider time, TimeSpan interval, TimeSpan timeout)
{
    private readonly Lock _gate = new();
    private long _anchor = time.GetTimestamp();
    private ITimer? _timer;
    private bool _stopped;

    // A ping is out, sent for the schedule that started at _pingAnchor, when reading had stopped _pausesAtPing times;
    // a pong moves _anchor.
    private bool _pingSent;
    private long _pingAnchor;
    private long _pausesAtPing;

    /// <summary>True once the pong for the current ping is overdue, and not excused by a pause.</summary>
    public bool IsExpired => time.GetElapsedTime(Volatile.Read(ref _anchor)) >= interval + timeout && !PongExcused;

    /// <summary>Reading was stopped at some moment since the last ping: its pong may not have been read yet.</summary>
    private bool PongExcused => session.ReceivePause.IsPaused || session.ReceivePause.Started != Volatile.Read(ref _pausesAtPing);

    public void Start()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _timer = time.CreateTimer(static state => ((Heartbeat)state!).OnTimer(), this, interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The session ended: no more pings, no timeout.</summary>
    public void Stop()
    {
        ITimer? timer;
        lock (_gate)
        {
            _stopped = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }

    public void OnPong()
    {
        Volatile.Write(ref _anchor, time.GetTimestamp());
        lock (_gate)
        {
            if (_pingSent)
            {
                // The next ping is due a whole interval from now.
                _pingSent = false;
                _timer?.Change(interval, Timeout.InfiniteTimeSpan);
            }

            // Without a ping out, the timer is set for the ping: when it fires it finds the anchor moved and waits on.
        }
    }

    private void OnTimer()
    {
        // Sent and ended outside the lock: both reach the transport, which may write to the socket on this thread.
        if (Next() is { } next)
        {
            if (next == Beat.Ping)
            {
                session.SendControl(EnginePacket.Of(EnginePacketType.Ping));
            }
            else
            {
                session.Terminate(EngineCloseReasons.PingTimeout);
            }
        }
    }

    private enum Beat
    {
        Ping,
        TimeOut,
    }

    /// <summary>Moves the schedule on when the timer fires: what to do now, if anything; the timer is set for what follows.</summary>
    private Beat? Next()
    {
        lock (_gate)
        {
            if (_stopped || session.IsTerminated)
            {
                return null;
            }

            var anchor = Volatile.Read(ref _anchor);
            if (_pingSent && anchor == _pingAnchor)
            {
                var untilTimeout = interval + timeout - time.GetElapsedTime(anchor);
                if (untilTimeout > TimeSpan.Zero)
                {
                    _timer?.Change(untilTimeout, Timeout.InfiniteTimeSpan);
                    return null;
                }

                if (!PongExcused)
                {
                    _stopped = true;
                    return Beat.TimeOut;
                }

                // Ping again at once, with a whole timeout for its pong (see the remarks).
                anchor = time.GetTimestamp() - (long)(interval.TotalSeconds * time.TimestampFrequency);
                Volatile.Write(ref _anchor, anchor);
            }

            _pingSent = false;
            var untilPing = interval - time.GetElapsedTime(anchor);
            if (untilPing > TimeSpan.Zero)
            {
                // A pong moved the schedule.
                _timer?.Change(untilPing, Timeout.InfiniteTimeSpan);
                return null;
            }

            _pingSent = true;
            _pingAnchor = anchor;
            Volatile.Write(ref _pausesAtPing, session.ReceivePause.Started);
            var untilDeadline = interval + timeout - time.GetElapsedTime(anchor);
            _timer?.Change(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            return Beat.Ping;
        }
    }
}
