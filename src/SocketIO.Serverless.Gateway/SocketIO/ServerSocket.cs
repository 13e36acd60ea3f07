using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Application;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// One socket: a namespace joined over one Engine.IO session. Its connect, its events and its disconnect reach
/// the application from one consumer, in arrival order (an event that arrives while the connect is pending
/// waits for it). Acks from the client bypass that queue: an event handler may await the same client's ack.
/// </summary>
internal sealed class ServerSocket : ILocalSocket
{
    private readonly SocketIORuntime _runtime;
    private readonly Channel<InboundEvent> _events;
    private readonly ConcurrentDictionary<long, PendingAck> _pendingAcks = new();
    private readonly Lock _gate = new();
    private SocketState _state = SocketState.Connecting;
    private string _closeReason = "";
    private long _nextAckId = -1;

    public ServerSocket(ClientConnection connection, string @namespace, string id, string? authJson, SocketIORuntime runtime)
    {
        Connection = connection;
        Namespace = @namespace;
        Id = id;
        _runtime = runtime;
        Context = new SocketContext(id, @namespace, connection.Id, connection.Engine.Handshake, authJson);
        _events = Channel.CreateBounded<InboundEvent>(new BoundedChannelOptions(runtime.Options.MaxPendingEvents)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    private enum SocketState
    {
        Connecting,
        Connected,
        Closed,
    }

    public string Id { get; }

    public string Namespace { get; }

    public ClientConnection Connection { get; }

    public SocketContext Context { get; }

    /// <summary>What the adapter keeps of this socket: ids, user and <c>socket.data</c> as they are now.</summary>
    public SocketRecord Record => new(Id, Connection.Id, Context.UserId, Context.State);

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

    public void EnqueueEvent(SocketPacket packet, string packetText)
    {
        if (_events.Writer.TryWrite(new InboundEvent(packet, packetText)))
        {
            return;
        }

        lock (_gate)
        {
            if (_state == SocketState.Closed)
            {
                return;
            }
        }

        // The application is not keeping up with this client: bounded memory wins over this client's session.
        SocketIOLog.TooManyPendingEvents(_runtime.Logger, Id, Namespace, _runtime.Options.MaxPendingEvents);
        Connection.Close("forced close");
    }

    /// <summary>An ACK from the client, answering a server emitWithAck: completes the waiter at once.</summary>
    public void OnAck(SocketPacket packet)
    {
        if (packet.Id is { } id && _pendingAcks.TryRemove(id, out var pending))
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
        _pendingAcks[id] = pending;
        if (!IsConnected || !Connection.Send(SocketPacket.Event(Namespace, data, attachments, id)))
        {
            _pendingAcks.TryRemove(id, out _);
            throw NotConnected();
        }

        try
        {
            return await pending.Completion.Task.WaitAsync(timeout, _runtime.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pendingAcks.TryRemove(id, out _);
            var eventName = data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0 ? data[0].ToString() : null;
            _runtime.Metrics.AckTimedOut(Namespace);
            SocketIOLog.AckTimedOut(_runtime.Logger, Id, Namespace, eventName, timeout.TotalMilliseconds);
            throw new TimeoutException(
                $"Socket {Id} in namespace {Namespace} did not acknowledge event '{eventName}' within {timeout.TotalMilliseconds} ms.");
        }
        catch (OperationCanceledException)
        {
            _pendingAcks.TryRemove(id, out _);
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
            Connection.Server.Unregister(this);
            _runtime.Metrics.SocketDisconnected(Namespace);
            SocketIOLog.SocketDisconnected(_runtime.Logger, Id, Namespace, reason);
            if (notifyClient)
            {
                Connection.Send(SocketPacket.Disconnect(Namespace));
            }
        }

        foreach (var id in _pendingAcks.Keys)
        {
            if (_pendingAcks.TryRemove(id, out var pending))
            {
                pending.Completion.TrySetException(NotConnected());
            }
        }

        // Events already queued are still handed over, then the disconnect (the consumer drains, then stops).
        _events.Writer.TryComplete();
    }

    private SocketNotConnectedException NotConnected() =>
        new($"Socket {Id} is not connected to namespace {Namespace}: no ack can come.");

    private async Task RunAsync()
    {
        if (!await ConnectAsync().ConfigureAwait(false))
        {
            return;
        }

        var application = _runtime.Application;
        try
        {
            await application.ConnectedAsync(Context, _runtime.Aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_runtime.Aborted.IsCancellationRequested)
        {
            SocketIOLog.LifecycleFailed(_runtime.Logger, exception, "connected", Id, Namespace);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await foreach (var inbound in _events.Reader.ReadAllAsync(_runtime.Aborted).ConfigureAwait(false))
            {
                await HandleEventAsync(inbound).ConfigureAwait(false);
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

    /// <summary>Asks the application; on accept, joins the namespace and sends CONNECT; on reject, CONNECT_ERROR.</summary>
    private async Task<bool> ConnectAsync()
    {
        ConnectResult result;
        using (var activity = SocketIOTelemetry.StartConnect(this))
        {
            try
            {
                result = await _runtime.Application.ConnectAsync(Context, _runtime.Aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
            {
                Close("server shutting down", notifyClient: false);
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
            await Connection.Server.AddSocketAsync(this, _runtime.Aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_runtime.Aborted.IsCancellationRequested)
        {
            Close("server shutting down", notifyClient: false);
            Connection.Server.Unregister(this);
            return false;
        }

        if (!Connection.Admit(this, () => Connection.Server.Register(this)))
        {
            // The client went away while the application decided: nothing to tell anyone (as Node does).
            Connection.Server.Unregister(this);
            return false;
        }

        _runtime.Metrics.SocketConnected(Namespace);
        SocketIOLog.SocketConnected(_runtime.Logger, Id, Namespace, Connection.Id);
        return true;
    }

    private async Task HandleEventAsync(InboundEvent inbound)
    {
        var packet = inbound.Packet;
        var name = packet.EventName ?? "";
        _runtime.Metrics.EventReceived(Namespace);
        var socketEvent = new SocketEvent(
            name,
            SocketJsonValues.Rest(packet.Data ?? SocketJsonValues.EmptyArray),
            packet.Attachments,
            packet.Id,
            inbound.PacketText);

        SocketAck? ack;
        var dataBefore = Context.State;
        using (var activity = SocketIOTelemetry.StartEvent(this, name))
        {
            try
            {
                ack = await _runtime.Application.EventAsync(Context, socketEvent, _runtime.Aborted).ConfigureAwait(false);
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

    private sealed record PendingAck(TaskCompletionSource<SocketAck> Completion);
}
