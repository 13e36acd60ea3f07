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
/// </remarks>
internal sealed class Heartbeat(EngineSession session, TimeProvider time, TimeSpan interval, TimeSpan timeout)
{
    private long _anchor = time.GetTimestamp();
    private long _pausesAtPing;
    private TaskCompletionSource? _pong;

    /// <summary>True once the pong for the current ping is overdue, and not excused by a pause.</summary>
    public bool IsExpired => time.GetElapsedTime(Volatile.Read(ref _anchor)) >= interval + timeout && !PongExcused;

    /// <summary>Reading was stopped at some moment since the last ping: its pong may not have been read yet.</summary>
    private bool PongExcused => session.ReceivePause.IsPaused || session.ReceivePause.Started != Volatile.Read(ref _pausesAtPing);

    public void Start() => _ = RunAsync();

    public void OnPong()
    {
        Volatile.Write(ref _anchor, time.GetTimestamp());
        Interlocked.Exchange(ref _pong, null)?.TrySetResult();
    }

    private async Task RunAsync()
    {
        var closed = session.Closed;
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var anchor = Volatile.Read(ref _anchor);
                var untilPing = interval - time.GetElapsedTime(anchor);
                if (untilPing > TimeSpan.Zero)
                {
                    await Task.Delay(untilPing, time, closed).ConfigureAwait(false);
                }

                if (Volatile.Read(ref _anchor) != anchor)
                {
                    continue; // a pong moved the schedule
                }

                var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _pong, pong);
                Volatile.Write(ref _pausesAtPing, session.ReceivePause.Started);
                session.SendControl(EnginePacket.Of(EnginePacketType.Ping));
                var untilTimeout = interval + timeout - time.GetElapsedTime(anchor);
                if (untilTimeout > TimeSpan.Zero)
                {
                    try
                    {
                        await pong.Task.WaitAsync(untilTimeout, time, closed).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        // Checked below: the pong may have raced the timer.
                    }
                }

                if (Volatile.Read(ref _anchor) != anchor || closed.IsCancellationRequested)
                {
                    continue; // answered (or closing)
                }

                if (PongExcused)
                {
                    // Ping again at once, with a whole timeout for its pong (see the remarks).
                    Volatile.Write(ref _anchor, time.GetTimestamp() - (long)(interval.TotalSeconds * time.TimestampFrequency));
                    continue;
                }

                session.Terminate(EngineCloseReasons.PingTimeout);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The session closed.
        }
    }
}
