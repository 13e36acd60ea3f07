using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// The server side of the v4 heartbeat: a <c>ping</c> every PingInterval after the open (or the last pong), and
/// "ping timeout" when no <c>pong</c> follows within PingTimeout. The deadline is kept as a time, so a request
/// that arrives after it finds the session expired even if the timer has not fired yet.
/// </summary>
internal sealed class Heartbeat(EngineSession session, TimeProvider time, TimeSpan interval, TimeSpan timeout)
{
    private long _anchor = time.GetTimestamp();
    private TaskCompletionSource? _pong;

    /// <summary>True once the pong for the current ping is overdue.</summary>
    public bool IsExpired => !session.ReceivePause.IsPaused && time.GetElapsedTime(Volatile.Read(ref _anchor)) >= interval + timeout;

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

                if (Volatile.Read(ref _anchor) == anchor && session.ReceivePause.IsPaused)
                {
                    // The gateway is not reading (back-pressure), so the pong cannot have been seen: not the client's fault.
                    // Ping again at once: the client closes with "ping timeout" when no ping comes within
                    // interval + timeout of the last one, and the next scheduled ping would come just that late.
                    Volatile.Write(ref _anchor, time.GetTimestamp() - (long)(interval.TotalSeconds * time.TimestampFrequency));
                    continue;
                }

                if (Volatile.Read(ref _anchor) == anchor && !closed.IsCancellationRequested)
                {
                    session.Terminate(EngineCloseReasons.PingTimeout);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session closed.
        }
    }
}
