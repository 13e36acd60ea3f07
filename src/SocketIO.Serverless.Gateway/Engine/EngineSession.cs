using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// One Engine.IO session: its state (open, closing, closed), its outbox, its heartbeat, and the transport that
/// carries it now (polling, then possibly WebSocket after an upgrade). Transports hand it the packets they
/// receive; it hands messages to the application through a per-session <see cref="SessionDispatcher"/>.
/// </summary>
internal sealed class EngineSession : IEngineConnection
{
    private readonly object _gate = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly SessionDispatcher _dispatcher;
    private readonly Heartbeat _heartbeat;
    private volatile SessionState _state = SessionState.Open;
    private string? _closeReason;
    private EngineTransport _transport;
    private WebSocketTransport? _upgrading;
    private bool _upgraded;
    private ITimer? _closeTimer;

    public EngineSession(string id, EngineHandshake handshake, EngineEndpoint endpoint, EngineTransport transport)
    {
        Id = id;
        Handshake = handshake;
        Endpoint = endpoint;
        _transport = transport;
        var options = endpoint.Options;
        Outbox = new SessionOutbox(options.MaxBufferedMessages, options.MaxBufferedBytes);
        _heartbeat = new Heartbeat(this, endpoint.Time, TimeSpan.FromMilliseconds(options.PingInterval), TimeSpan.FromMilliseconds(options.PingTimeout));
        ReceivePause = new ReceivePause();
        _dispatcher = new SessionDispatcher(endpoint.Application, this, (exception, callback) => EngineLog.ApplicationFailed(endpoint.Logger, exception, callback, id));
    }

    public string Id { get; }

    public EngineHandshake Handshake { get; }

    public string TransportName => Volatile.Read(ref _transport).Name;

    public CancellationToken Closed => _closed.Token;

    internal EngineEndpoint Endpoint { get; }

    internal SessionOutbox Outbox { get; }

    /// <summary>Held by the application while it cannot take more from the client; the transports wait on it.</summary>
    internal ReceivePause ReceivePause { get; }

    public IDisposable PauseReceiving() => ReceivePause.Hold();

    internal EngineTransport Transport => Volatile.Read(ref _transport);

    internal bool IsTerminated => _closed.IsCancellationRequested;

    /// <summary>True when the client itself ended the session (a <c>close</c> packet): a pending GET then gets <c>noop</c>.</summary>
    internal bool ClosedByClient { get; private set; }

    /// <summary>False when the session was already past its ping deadline (it is then terminated).</summary>
    internal bool EnsureAlive()
    {
        if (IsTerminated)
        {
            return false;
        }

        if (_heartbeat.IsExpired)
        {
            Terminate(EngineCloseReasons.PingTimeout);
            return false;
        }

        return true;
    }

    /// <summary>Starts the heartbeat and tells the application (the open packet is already on its way).</summary>
    internal void Start()
    {
        _heartbeat.Start();
        _dispatcher.PostOpen();
    }

    public bool Send(EngineMessage message)
    {
        if (_state != SessionState.Open)
        {
            return false;
        }

        var packet = message.IsBinary ? EnginePacket.BinaryMessage(message.Binary) : EnginePacket.Message(message.Text!);
        switch (Outbox.TryEnqueueMessage(packet))
        {
            case OutboxResult.Enqueued:
                return true;
            case OutboxResult.Full:
                EngineLog.SendBufferFull(Endpoint.Logger, Id, Outbox.BufferedMessages, Outbox.BufferedBytes);
                Endpoint.Metrics.SlowClientDropped();
                Terminate(EngineCloseReasons.TransportError);
                return false;
            default:
                return false;
        }
    }

    internal void SendControl(in EnginePacket packet) => Outbox.TryEnqueueControl(packet);

    public void Close(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        WebSocketTransport? upgrading;
        lock (_gate)
        {
            if (_state != SessionState.Open)
            {
                return;
            }

            _state = SessionState.Closing;
            _closeReason = reason;
            upgrading = _upgrading;
        }

        // The queued messages go first, then the close; the client has CloseTimeout to come and get them.
        Outbox.EnqueueCloseAndComplete();
        if (upgrading is not null)
        {
            CancelUpgrade(upgrading, "session closing");
            upgrading.OnSessionTerminated();
        }

        var timer = Endpoint.Time.CreateTimer(static state => ((EngineSession)state!).OnCloseTimeout(), this, TimeSpan.FromMilliseconds(Endpoint.Options.CloseTimeout), Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (_state == SessionState.Closed)
            {
                timer.Dispose();
            }
            else
            {
                _closeTimer = timer;
            }
        }
    }

    /// <summary>The transport wrote everything up to the close packet: the requested close is complete.</summary>
    internal void OnCloseDelivered()
    {
        string reason;
        lock (_gate)
        {
            reason = _closeReason ?? EngineCloseReasons.ForcedClose;
        }

        Terminate(reason);
    }

    private void OnCloseTimeout() => OnCloseDelivered();

    /// <summary>Ends the session now, whatever is still queued. Idempotent.</summary>
    internal void Terminate(string reason)
    {
        EngineTransport transport;
        WebSocketTransport? upgrading;
        ITimer? closeTimer;
        lock (_gate)
        {
            if (_state == SessionState.Closed)
            {
                return;
            }

            _state = SessionState.Closed;
            _closeReason = reason;
            transport = _transport;
            upgrading = _upgrading;
            _upgrading = null;
            closeTimer = _closeTimer;
        }

        closeTimer?.Dispose();
        _heartbeat.Stop();
        Outbox.CompleteAndClear();

        // Before the session leaves the registry (a racing GET then finds the client-close mark) and before the
        // Closed token fires (a pending GET answers, and unregisters, as soon as it does).
        transport.OnSessionTerminated();
        upgrading?.OnSessionTerminated();
        Endpoint.Server.Remove(this);
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException exception)
        {
            EngineLog.TransportFailed(Endpoint.Logger, exception, Id);
        }

        Endpoint.Metrics.SessionClosed(reason);
        EngineLog.SessionClosed(Endpoint.Logger, Id, reason);
        _dispatcher.PostClose(reason);
    }

    internal void OnPacket(in EnginePacket packet, EngineTransport from)
    {
        // As the reference: packets are ignored once the session is closing.
        if (_state != SessionState.Open)
        {
            return;
        }

        Endpoint.Metrics.PacketsReceived(1, from.Name);
        switch (packet.Type)
        {
            case EnginePacketType.Message:
                _dispatcher.PostMessage(packet.IsBinary ? EngineMessage.FromBinary(packet.Binary) : EngineMessage.FromText(packet.Text!));
                break;
            case EnginePacketType.Pong:
                _heartbeat.OnPong();
                break;
            case EnginePacketType.Close:
                ClosedByClient = true;
                Terminate(EngineCloseReasons.TransportClose);
                break;
            case EnginePacketType.Ping:
                // In v4 only the server pings ("invalid heartbeat direction" in the reference).
                Terminate(EngineCloseReasons.TransportError);
                break;
            default:
                // open, upgrade and noop mean nothing on an established transport.
                break;
        }
    }

    internal void OnParseError(EngineParseError error)
    {
        EngineLog.ParseError(Endpoint.Logger, Id, error);
        Terminate(EngineCloseReasons.ParseError);
    }

    internal bool TryBeginUpgrade(WebSocketTransport candidate)
    {
        lock (_gate)
        {
            if (_state != SessionState.Open || _upgraded || _upgrading is not null || _transport is not PollingTransport)
            {
                return false;
            }

            _upgrading = candidate;
            return true;
        }
    }

    /// <summary>The probe succeeded: polling is paused (a pending GET gets <c>noop</c>) until the upgrade ends.</summary>
    internal void OnProbe(WebSocketTransport candidate)
    {
        PollingTransport? polling;
        lock (_gate)
        {
            polling = _upgrading == candidate ? _transport as PollingTransport : null;
        }

        polling?.Pause();
    }

    internal bool TryCompleteUpgrade(WebSocketTransport candidate)
    {
        PollingTransport? polling;
        lock (_gate)
        {
            if (_state != SessionState.Open || _upgrading != candidate)
            {
                return false;
            }

            polling = _transport as PollingTransport;
            Volatile.Write(ref _transport, candidate);
            _upgrading = null;
            _upgraded = true;
        }

        polling?.Discard();
        Endpoint.Metrics.Upgraded();
        EngineLog.Upgraded(Endpoint.Logger, Id);
        return true;
    }

    /// <summary>Ends an upgrade that did not complete: polling carries the session again. False when <paramref name="candidate"/> was not upgrading.</summary>
    internal bool CancelUpgrade(WebSocketTransport candidate, string why)
    {
        PollingTransport? polling;
        lock (_gate)
        {
            if (_upgrading != candidate)
            {
                return false;
            }

            _upgrading = null;
            polling = _transport as PollingTransport;
        }

        EngineLog.UpgradeCancelled(Endpoint.Logger, Id, why);
        polling?.Resume();
        return true;
    }

    public override string ToString() => $"engine session {Id} ({TransportName})";

    private enum SessionState
    {
        Open,
        Closing,
        Closed,
    }
}
