namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Calls the application for one session in order and never concurrently: whoever posts while nobody is
/// dispatching runs the queue on its own thread; a call posted from inside a callback (say, Close from
/// OnMessage) runs right after that callback returns, never nested in it. After OnClose nothing is called.
/// </summary>
internal sealed class SessionDispatcher(IEngineApplication application, IEngineConnection connection, Action<Exception, string> onFailure)
{
    private readonly object _gate = new();
    private readonly Queue<Call> _queue = new();
    private bool _running;
    private bool _closed;

    public void PostOpen() => Post(new Call(CallKind.Open, default, null));

    public void PostMessage(EngineMessage message) => Post(new Call(CallKind.Message, message, null));

    /// <summary>Posts the final OnClose; later posts are dropped.</summary>
    public void PostClose(string reason) => Post(new Call(CallKind.Close, default, reason));

    private void Post(Call call)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = call.Kind == CallKind.Close;
            _queue.Enqueue(call);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        Drain();
    }

    private void Drain()
    {
        while (true)
        {
            Call call;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out call))
                {
                    _running = false;
                    return;
                }
            }

            Invoke(call);
        }
    }

    private void Invoke(Call call)
    {
        try
        {
            switch (call.Kind)
            {
                case CallKind.Open:
                    application.OnOpen(connection);
                    break;
                case CallKind.Message:
                    application.OnMessage(connection, call.Message);
                    break;
                case CallKind.Close:
                    application.OnClose(connection, call.Reason!);
                    break;
            }
        }
#pragma warning disable CA1031 // An application bug must not take down the transport loop or other sessions.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            onFailure(exception, "On" + call.Kind);
        }
    }

    private enum CallKind
    {
        Open,
        Message,
        Close,
    }

    private readonly record struct Call(CallKind Kind, EngineMessage Message, string? Reason);
}
