using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// One socket: a namespace joined over one Engine.IO session. Its connect, its events and its disconnect reach
/// the application in arrival order (an event that arrives while the connect is pending waits for it): events
/// start in order, at most <see cref="SocketIOOptions.MaxConcurrentEventsPerSocket"/> at once (see
/// <see cref="SocketEventQueue{TEvent}"/>), and the disconnect follows the last of them. Acks from the client
/// bypass that queue: an event handler may await the same client's ack.
/// </summary>
internal sealed partial class ServerSocket : ILocalSocket
{
    private readonly SocketIORuntime _runtime;
    private readonly SocketEventQueue<InboundEvent> _events;
    // Created by the first emitWithAck: most sockets never wait for a client's ack (about 0.5 KB each when idle).
    private ConcurrentDictionary<long, PendingAck>? _pendingAcks;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SocketState _state = SocketState.Connecting;
    private string _closeReason = "";
    private long _nextAckId = -1;
    private int _droppedEvents;

    // Cancelled when the socket leaves (or the server stops): an invocation for a socket that is gone stops
    // there instead of running on to the application's timeout.
    private readonly CancellationTokenSource _gone;

    public ServerSocket(ClientConnection connection, string @namespace, string id, string? authJson, SocketIORuntime runtime)
    {
        Connection = connection;
        Namespace = @namespace;
        Id = id;
        _runtime = runtime;
        Context = new SocketContext(id, @namespace, connection.Id, connection.Engine.Handshake, authJson);
        _gone = CancellationTokenSource.CreateLinkedTokenSource(runtime.Aborted);
        var options = runtime.Options;
        _events = new SocketEventQueue<InboundEvent>(options.MaxConcurrentEventsPerSocket, options.MaxPendingEvents, options.MaxPendingEventBytes, PauseReceiving);
    }

    private enum SocketState
    {
        Connecting,
        Connected,
        Closed,
    }

    /// <summary>The socket id; a recovered socket takes its previous one back before anyone sees it (ServerSocket.Recovery.cs).</summary>
    public string Id { get; private set; }

    public string Namespace { get; }

    public ClientConnection Connection { get; }

    public SocketContext Context { get; }

    /// <summary>What the adapter keeps of this socket: ids, user and <c>socket.data</c> as they are now.</summary>
    public SocketRecord Record => new(Id, Connection.Id, Context.UserId, Context.State) { Pid = Pid };

    /// <summary>Completes once the application has seen the socket's whole life (through its disconnect).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _state == SocketState.Connected;
            }
        }
    }

    public void Start() => Completion = Task.Run(RunAsync);

    public bool Send(OutboundPacket packet) => Connection.Send(packet);

    public void Disconnect(bool close)
    {
        if (close)
        {
            Connection.Close(EngineCloseReasons.ForcedClose);
            return;
        }

        Close("server namespace disconnect", notifyClient: true);
    }

    /// <summary>Moves the socket from connecting to connected, running <paramref name="register"/> atomically with it.</summary>
    public bool TryMarkConnected(Action register)
    {
        lock (_gate)
        {
            if (_state != SocketState.Connecting)
            {
                return false;
            }

            _state = SocketState.Connected;
            register();
            return true;
        }
    }

    /// <summary>
    /// Queues an event for the application. Never drops one: once <see cref="SocketIOOptions.MaxPendingEvents"/>
    /// events (or <see cref="SocketIOOptions.MaxPendingEventBytes"/>) wait, the connection stops reading from the
    /// client until half of them were started, so a burst slows the client down instead of growing memory.
    /// </summary>
    public void EnqueueEvent(SocketPacket packet, string packetText)
    {
        bool startReader;
        lock (_gate)
        {
            if (_state == SocketState.Closed || !_events.TryEnqueue(new InboundEvent(packet, packetText), SizeOf(packet, packetText), out startReader))
            {
                return;
            }

            _runtime.Metrics.EventsWaiting(Namespace, 1);
        }

        if (startReader)
        {
            // Outside the lock: the handler starts on this thread (the connection's receive loop).
            _events.StartReader();
        }
    }

    private IDisposable PauseReceiving(int events, long bytes)
    {
        SocketIOLog.ReceivingPaused(_runtime.Logger, Id, Namespace, events, bytes);
        _runtime.Metrics.ReceivingPaused(Namespace);
        return new ReceivePause(this, Connection.Engine.PauseReceiving());
    }

    private static long SizeOf(SocketPacket packet, string packetText)
    {
        long bytes = packetText.Length * sizeof(char);
        foreach (var attachment in packet.Attachments)
        {
            bytes += attachment.Length;
        }

        return bytes;
    }

    /// <summary>An ACK from the client, answering a server emitWithAck: completes the waiter at once.</summary>
    public void OnAck(SocketPacket packet)
    {
        if (packet.Id is { } id && Volatile.Read(ref _pendingAcks) is { } pendingAcks && pendingAcks.TryRemove(id, out var pending))
        {
            _runtime.Metrics.AckReceived(Namespace);
            pending.Completion.TrySetResult(new SocketAck(packet.Data ?? SocketJsonValues.EmptyArray, packet.Attachments));
            return;
        }

        SocketIOLog.UnknownAck(_runtime.Logger, Id, Namespace, packet.Id);
    }

    public async Task<SocketAck> EmitWithAckAsync(JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextAckId);
        var pending = new PendingAck(new TaskCompletionSource<SocketAck>(TaskCreationOptions.RunContinuationsAsynchronously));
        var pendingAcks = PendingAcks();
        pendingAcks[id] = pending;
        if (!IsConnected || !Connection.Send(SocketPacket.Event(Namespace, data, attachments, id)))
        {
            pendingAcks.TryRemove(id, out _);
            throw NotConnected();
        }

        try
        {
            return await pending.Completion.Task.WaitAsync(timeout, _runtime.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            pendingAcks.TryRemove(id, out _);
            var eventName = data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0 ? data[0].ToString() : null;
            _runtime.Metrics.AckTimedOut(Namespace);
            SocketIOLog.AckTimedOut(_runtime.Logger, Id, Namespace, eventName, timeout.TotalMilliseconds);
            throw new TimeoutException(
                $"Socket {Id} in namespace {Namespace} did not acknowledge event '{eventName}' within {timeout.TotalMilliseconds} ms.");
        }
        catch (OperationCanceledException)
        {
            pendingAcks.TryRemove(id, out _);
            throw;
        }
    }

    /// <summary>
    /// The socket leaves its namespace. Idempotent. <paramref name="notifyClient"/> sends DISCONNECT (a server-side
    /// disconnect, which the client does not retry); otherwise the client already knows, or the session is gone.
    /// </summary>
    public void Close(string reason, bool notifyClient)
    {
        bool wasConnected;
        lock (_gate)
        {
            if (_state == SocketState.Closed)
            {
                return;
            }

            wasConnected = _state == SocketState.Connected;
            _state = SocketState.Closed;
            _closeReason = reason;
        }

        Connection.Forget(this);
        if (wasConnected)
        {
            Connection.Server.Unregister(this, reason);
            _runtime.Metrics.SocketDisconnected(Namespace);
            SocketIOLog.SocketDisconnected(_runtime.Logger, Id, Namespace, reason);
            if (notifyClient)
            {
                Connection.Send(SocketPacket.Disconnect(Namespace));
            }
        }

        // An emitWithAck that creates the dictionary after this read finds the socket closed (it checks after adding).
        var pendingAcks = Volatile.Read(ref _pendingAcks);
        foreach (var id in pendingAcks?.Keys ?? [])
        {
            if (pendingAcks!.TryRemove(id, out var pending))
            {
                pending.Completion.TrySetException(NotConnected());
            }
        }

        CancelWork();

        // Events still queued are dropped (the consumer drains them, then sends the disconnect once the events
        // running have finished). Nothing more is queued, so the connection (and its other namespaces) may read again.
        _events.Complete();
        _left.TrySetResult();
    }

    /// <summary>Completes once the socket has left its namespace (and, with recovery on, its session is kept).</summary>
    public Task Left => _left.Task;

    private void CancelWork()
    {
        try
        {
            _gone.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The socket's life was already over.
        }
        catch (AggregateException exception)
        {
            SocketIOLog.LifecycleFailed(_runtime.Logger, exception, "cancel", Id, Namespace);
        }
    }

    private ConcurrentDictionary<long, PendingAck> PendingAcks()
    {
        if (Volatile.Read(ref _pendingAcks) is { } existing)
        {
            return existing;
        }

        var created = new ConcurrentDictionary<long, PendingAck>();
        return Interlocked.CompareExchange(ref _pendingAcks, created, null) ?? created;
    }

    private SocketNotConnectedException NotConnected() =>
        new($"Socket {Id} is not connected to namespace {Namespace}: no ack can come.");

    // The socket's whole life in one async method (no wrapper awaiting an inner one): every connected socket holds its state.
    private async Task RunAsync()
    {
        try
        {
            if (!await ConnectAsync().ConfigureAwait(false))
            {
                return;
            }

            var application = _runtime.Application;
            try
            {
                await application.ConnectedAsync(Context, _gone.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (_gone.IsCancellationRequested)
            {
                // It left right away: its disconnect still follows.
            }
            catch (Exception exception)
            {
                SocketIOLog.LifecycleFailed(_runtime.Logger, exception, "connected", Id, Namespace);
            }

            try
            {
                // Returns once the socket left and its last event's handler has finished (it is cancelled on leaving).
                await _events.RunAsync(StartEventAsync, _runtime.Aborted).ConfigureAwait(false);
                if (_droppedEvents > 0)
                {
                    SocketIOLog.EventsDroppedAtClose(_runtime.Logger, Id, Namespace, _droppedEvents, _closeReason);
                }

                await application.DisconnectedAsync(Context, _closeReason, _runtime.Aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
            {
                // Shutdown stopped waiting for the application.
            }
            catch (Exception exception)
            {
                SocketIOLog.LifecycleFailed(_runtime.Logger, exception, "disconnected", Id, Namespace);
            }
        }
        finally
        {
            _gone.Dispose();
        }
    }

    /// <summary>Asks the application; on accept, joins the namespace and sends CONNECT; on reject, CONNECT_ERROR.</summary>
    private async Task<bool> ConnectAsync()
    {
        ConnectResult result = ConnectResult.Accept;
        bool recovered;
        try
        {
            recovered = await TryRecoverAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
        {
            Close("server shutting down", notifyClient: false);
            return false;
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested)
        {
            return false;
        }

        // A recovered socket skips the application's connect when SkipMiddlewares is on, as Node skips middlewares.
        var runConnect = !recovered || !_runtime.Recovery.Options.SkipMiddlewares;
        using (var activity = runConnect ? SocketIOTelemetry.StartConnect(this) : null)
        {
            try
            {
                if (runConnect)
                {
                    result = await _runtime.Application.ConnectAsync(Context, _gone.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
            {
                Close("server shutting down", notifyClient: false);
                return false;
            }
            catch (OperationCanceledException) when (_gone.IsCancellationRequested)
            {
                // The client left while the application decided.
                return false;
            }
            catch (Exception exception)
            {
                SocketIOLog.ConnectFailed(_runtime.Logger, exception, Id, Namespace);
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                result = ConnectResult.Reject("Internal server error");
            }

            activity?.SetTag("socketio.accepted", result.Accepted);
        }

        if (!result.Accepted)
        {
            _runtime.Metrics.ConnectRejected(Namespace);
            SocketIOLog.SocketRejected(_runtime.Logger, Id, Namespace, result.Message);
            Close("connect rejected", notifyClient: false);
            Connection.Send(SocketPacket.ConnectError(Namespace, result.Message ?? "Connection refused", result.Data));
            return false;
        }

        // The adapter learns of the socket before it is admitted, so that a durable adapter holds its record
        // before any function hears of it; a broadcast meanwhile skips it (not yet registered locally).
        try
        {
            await (recovered
                ? Connection.Server.RestoreSocketAsync(this, RestoredRooms, _runtime.Aborted)
                : Connection.Server.AddSocketAsync(this, _runtime.Aborted)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
        {
            Close("server shutting down", notifyClient: false);
            Connection.Server.Unregister(this);
            return false;
        }

        if (!Admit())
        {
            // The client went away while the application decided: nothing to tell anyone (as Node does).
            Connection.Server.Unregister(this);
            return false;
        }

        _runtime.Metrics.SocketConnected(Namespace);
        SocketIOLog.SocketConnected(_runtime.Logger, Id, Namespace, Connection.Id);
        return true;
    }

    private Task StartEventAsync(InboundEvent inbound)
    {
        _runtime.Metrics.EventsWaiting(Namespace, -1);
        if (_gone.IsCancellationRequested)
        {
            // Only the queue's reader counts (one at a time).
            _droppedEvents++;
            return Task.CompletedTask;
        }

        return HandleEventAsync(inbound);
    }

    private async Task HandleEventAsync(InboundEvent inbound)
    {
        var packet = inbound.Packet;
        var name = packet.EventName ?? "";
        _runtime.Metrics.EventReceived(Namespace);
        var socketEvent = SocketEvent.FromPacket(
            name,
            packet.Data ?? SocketJsonValues.EmptyArray,
            packet.Attachments,
            packet.Id,
            inbound.PacketText);

        SocketAck? ack;
        var dataBefore = Context.State;
        using (var activity = SocketIOTelemetry.StartEvent(this, name))
        {
            try
            {
                ack = await _runtime.Application.EventAsync(Context, socketEvent, _gone.Token).ConfigureAwait(false);
                if (!string.Equals(dataBefore, Context.State, StringComparison.Ordinal) && IsConnected)
                {
                    // socket.data changed: readers of the adapter's record (functions, other gateways) see it.
                    await Connection.Server.UpdateSocketAsync(this, _runtime.Aborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (_gone.IsCancellationRequested)
            {
                // The socket left while its event was being handled: nobody to ack.
                return;
            }
            catch (Exception exception)
            {
                // A failing handler costs this event only: the socket keeps its other traffic.
                _runtime.Metrics.EventFailed(Namespace);
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                SocketIOLog.EventFailed(_runtime.Logger, exception, name, Id, Namespace);
                return;
            }
        }

        if (packet.Id is { } ackId && ack is not null && IsConnected)
        {
            Connection.Send(SocketPacket.Ack(Namespace, ackId, ack.Arguments, ack.Attachments));
            _runtime.Metrics.AckSent(Namespace);
        }
    }

    private readonly record struct InboundEvent(SocketPacket Packet, string PacketText);

    /// <summary>Reading paused by back-pressure; disposing resumes it.</summary>
    private sealed class ReceivePause(ServerSocket socket, IDisposable enginePause) : IDisposable
    {
        public void Dispose()
        {
            SocketIOLog.ReceivingResumed(socket._runtime.Logger, socket.Id, socket.Namespace);
            enginePause.Dispose();
        }
    }

    private sealed record PendingAck(TaskCompletionSource<SocketAck> Completion);
}
