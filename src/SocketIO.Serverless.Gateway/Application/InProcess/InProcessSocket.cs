using System.Text.Json;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Application.InProcess;

/// <summary>
/// A socket as in-process handlers see it, shaped like Socket.IO's server-side <c>socket</c>: listeners per event,
/// emits, rooms, acks and disconnect, over the gateway's <see cref="ISocketServer"/>.
/// </summary>
public sealed class InProcessSocket
{
    private readonly Dictionary<string, List<Func<InProcessEvent, ValueTask>>> _listeners = new(StringComparer.Ordinal);
    private readonly List<Func<string, ValueTask>> _disconnectListeners = [];
    private readonly Lock _gate = new();

    internal InProcessSocket(SocketContext context, ISocketServer server)
    {
        Context = context;
        Server = server;
        using var auth = JsonDocument.Parse(context.AuthJson ?? "{}");
        Auth = auth.RootElement.Clone();
    }

    public SocketContext Context { get; }

    /// <summary>The server of this socket's hub, for emits beyond this socket.</summary>
    public ISocketServer Server { get; }

    public string Id => Context.SocketId;

    public string Namespace => Context.Namespace;

    public EngineHandshake Handshake => Context.Handshake;

    /// <summary>The CONNECT payload (<c>socket.handshake.auth</c>): an empty object when the client sent none, as in Node.</summary>
    public JsonElement Auth { get; }

    /// <summary><c>socket.data</c>: text the application keeps with the socket (JSON by convention).</summary>
    public string? Data
    {
        get => Context.State;
        set => Context.State = value;
    }

    /// <summary>The rooms the socket is in (its own id among them).</summary>
    public IReadOnlyCollection<string> Rooms => Server.RoomsOf(Namespace, Id) ?? [];

    /// <summary>Every other socket of the namespace (Socket.IO's <c>socket.broadcast</c>).</summary>
    public BroadcastOperator Broadcast => new BroadcastOperator(Server, Namespace).Except(Id);

    /// <summary>Adds a listener for an event (several may listen; the first ack wins).</summary>
    public InProcessSocket On(string eventName, Func<InProcessEvent, ValueTask> listener)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            if (!_listeners.TryGetValue(eventName, out var list))
            {
                list = [];
                _listeners[eventName] = list;
            }

            list.Add(listener);
        }

        return this;
    }

    public InProcessSocket On(string eventName, Action<InProcessEvent> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return On(eventName, e =>
        {
            listener(e);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Runs when the socket leaves, with Socket.IO's reason.</summary>
    public InProcessSocket OnDisconnect(Action<string> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _disconnectListeners.Add(reason =>
            {
                listener(reason);
                return ValueTask.CompletedTask;
            });
        }

        return this;
    }

    /// <summary>Sends an event to this socket only.</summary>
    public bool Emit(string eventName, params object?[] arguments) => new BroadcastOperator(Server, Namespace).To(Id).Emit(eventName, arguments) > 0;

    /// <summary>Sends an event whose arguments are already a JSON array with placeholders (e.g. to echo what a client sent).</summary>
    public bool EmitArguments(string eventName, JsonElement arguments, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        Server.Broadcast(Namespace, [Id], [], SocketJsonValues.EventData(eventName, arguments), attachments) > 0;

    /// <summary>Sends an event and waits for the client's ack (<see cref="TimeoutException"/> when it does not come in time).</summary>
    public async Task<SocketAck> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] arguments)
    {
        var payload = SocketBinary.CreateEventData(eventName, arguments);
        return await Server.EmitWithAckAsync(Namespace, Id, payload.Data, payload.Attachments, timeout, CancellationToken.None).ConfigureAwait(false);
    }

    public bool Join(params string[] rooms) => Server.Join(Namespace, Id, rooms);

    public bool Leave(params string[] rooms) => Server.Leave(Namespace, Id, rooms);

    /// <summary>Sockets in a room (this one excluded, as Socket.IO's <c>socket.to(room)</c>).</summary>
    public BroadcastOperator To(params string[] rooms) => new BroadcastOperator(Server, Namespace).To(rooms).Except(Id);

    /// <summary>Server-side disconnect: the client gets DISCONNECT and does not reconnect by itself.</summary>
    public bool Disconnect() => Server.Disconnect(Namespace, Id);

    /// <summary>Closes the whole Engine.IO connection (every namespace on it); the client reconnects by itself.</summary>
    public bool CloseConnection(string reason = "forced close") => Server.CloseConnection(Context.ConnectionId, reason);

    internal async ValueTask<SocketAck?> DispatchAsync(SocketEvent socketEvent)
    {
        Func<InProcessEvent, ValueTask>[] listeners;
        lock (_gate)
        {
            if (!_listeners.TryGetValue(socketEvent.Name, out var list))
            {
                return null;
            }

            listeners = [.. list];
        }

        var inProcessEvent = new InProcessEvent(this, socketEvent);
        foreach (var listener in listeners)
        {
            await listener(inProcessEvent).ConfigureAwait(false);
        }

        return inProcessEvent.WantsAck ? inProcessEvent.AckValue : null;
    }

    internal async ValueTask DisconnectedAsync(string reason)
    {
        Func<string, ValueTask>[] listeners;
        lock (_gate)
        {
            listeners = [.. _disconnectListeners];
        }

        foreach (var listener in listeners)
        {
            await listener(reason).ConfigureAwait(false);
        }
    }
}
