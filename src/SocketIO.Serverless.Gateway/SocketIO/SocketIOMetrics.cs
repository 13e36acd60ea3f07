using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>The Socket.IO layer's instruments (meter <c>SocketIO.Serverless.Gateway.SocketIO</c>).</summary>
public sealed class SocketIOMetrics
{
    public const string MeterName = "SocketIO.Serverless.Gateway.SocketIO";

    private readonly UpDownCounter<long> _connectedSockets;
    private readonly Counter<long> _connects;
    private readonly Counter<long> _connectRejections;
    private readonly Counter<long> _events;
    private readonly Counter<long> _eventFailures;
    private readonly Counter<long> _acksSent;
    private readonly Counter<long> _acksReceived;
    private readonly Counter<long> _ackTimeouts;
    private readonly Counter<long> _broadcasts;
    private readonly Counter<long> _broadcastDeliveries;
    private readonly Counter<long> _parseErrors;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _leaves;
    private readonly Counter<long> _receivePauses;
    private readonly UpDownCounter<long> _waitingEvents;

    public SocketIOMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _connectedSockets = meter.CreateUpDownCounter<long>("socketio.sockets.connected", "{socket}", "Sockets connected now.");
        _connects = meter.CreateCounter<long>("socketio.sockets.connects", "{socket}", "Sockets that joined a namespace.");
        _connectRejections = meter.CreateCounter<long>("socketio.sockets.rejected", "{socket}", "Connects the application refused, or to unknown namespaces.");
        _events = meter.CreateCounter<long>("socketio.events.received", "{event}", "Events received from clients and handed to the application.");
        _eventFailures = meter.CreateCounter<long>("socketio.events.failed", "{event}", "Events whose handling failed in the application.");
        _acksSent = meter.CreateCounter<long>("socketio.acks.sent", "{ack}", "Acks sent to clients (answers to their events).");
        _acksReceived = meter.CreateCounter<long>("socketio.acks.received", "{ack}", "Acks received from clients (answers to emitWithAck).");
        _ackTimeouts = meter.CreateCounter<long>("socketio.acks.timeouts", "{ack}", "Server emitWithAck calls the client did not answer in time.");
        _broadcasts = meter.CreateCounter<long>("socketio.broadcasts", "{broadcast}", "Broadcasts (emits to all, rooms, or one socket).");
        _broadcastDeliveries = meter.CreateCounter<long>("socketio.broadcasts.deliveries", "{packet}", "Packets queued to sockets by broadcasts.");
        _parseErrors = meter.CreateCounter<long>("socketio.parse_errors", "{error}", "Connections closed for a malformed packet.");
        _joins = meter.CreateCounter<long>("socketio.rooms.joins", "{request}", "Join requests (socket.join) applied to a connected socket.");
        _leaves = meter.CreateCounter<long>("socketio.rooms.leaves", "{request}", "Leave requests (socket.leave) applied to a connected socket.");
        _waitingEvents = meter.CreateUpDownCounter<long>("socketio.events.waiting", "{event}", "Events received and queued, not yet handed to the application.");
        _receivePauses = meter.CreateCounter<long>("socketio.receive.pauses", "{pause}", "Times a socket's queue of waiting events was full and reading from its client paused (back-pressure).");
    }

    public void SocketConnected(string ns)
    {
        var tag = NamespaceTag(ns);
        _connectedSockets.Add(1, tag);
        _connects.Add(1, tag);
    }

    public void SocketDisconnected(string ns) => _connectedSockets.Add(-1, NamespaceTag(ns));

    public void ConnectRejected(string ns) => _connectRejections.Add(1, NamespaceTag(ns));

    public void EventsWaiting(string ns, int change) => _waitingEvents.Add(change, NamespaceTag(ns));

    public void ReceivingPaused(string ns) => _receivePauses.Add(1, NamespaceTag(ns));

    public void EventReceived(string ns) => _events.Add(1, NamespaceTag(ns));

    public void EventFailed(string ns) => _eventFailures.Add(1, NamespaceTag(ns));

    public void AckSent(string ns) => _acksSent.Add(1, NamespaceTag(ns));

    public void AckReceived(string ns) => _acksReceived.Add(1, NamespaceTag(ns));

    public void AckTimedOut(string ns) => _ackTimeouts.Add(1, NamespaceTag(ns));

    public void Broadcast(string ns, int deliveries)
    {
        var tag = NamespaceTag(ns);
        _broadcasts.Add(1, tag);
        _broadcastDeliveries.Add(deliveries, tag);
    }

    public void ParseError() => _parseErrors.Add(1);

    public void RoomsJoined(string ns) => _joins.Add(1, NamespaceTag(ns));

    public void RoomsLeft(string ns) => _leaves.Add(1, NamespaceTag(ns));

    private static KeyValuePair<string, object?> NamespaceTag(string ns) => new("socketio.namespace", ns);
}
