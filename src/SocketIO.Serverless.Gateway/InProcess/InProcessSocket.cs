using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.SocketIO;
using SocketIO.Serverless.Gateway.Applications;

namespace SocketIO.Serverless.Gateway.InProcess;

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

    /// <summary>Whether the socket came back with its id, rooms and data after a drop (Socket.IO's <c>socket.recovered</c>).</summary>
    public bool Recovered => Context.Recovered;

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

    /// <summary>The rooms the socket is in (its own id among them); empty once it left.</summary>
    public async Task<IReadOnlyCollection<string>> GetRoomsAsync() => await Server.RoomsOfAsync(Namespace, Id).ConfigureAwait(false) ?? [];

    /// <summary>Every other socket of the namespace (Socket.IO's <c>socket.broadcast</c>).</summary>
    public InProcessBroadcastOperator Broadcast => new InProcessBroadcastOperator(Server, Namespace).Except(Id);

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
    public InProcessSocket OnDisconnect(Func<string, ValueTask> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _disconnectListeners.Add(listener);
        }

        return this;
    }

    public InProcessSocket OnDisconnect(Action<string> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return OnDisconnect(reason =>
        {
            listener(reason);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Sends an event to this socket only. False when it is gone.</summary>
    public async Task<bool> EmitAsync(string eventName, params object?[] arguments) =>
        await new InProcessBroadcastOperator(Server, Namespace).To(Id).EmitAsync(eventName, arguments).ConfigureAwait(false) is not 0;

    /// <summary>Sends an event whose arguments are already a JSON array with placeholders (e.g. to echo what a client sent).</summary>
    public async Task<bool> EmitArgumentsAsync(string eventName, JsonElement arguments, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        await Server.BroadcastAsync(Namespace, BroadcastTarget.ToRooms(Id), SocketJsonValues.EventData(eventName, arguments), attachments).ConfigureAwait(false) is not 0;

    /// <summary>Sends an event and waits for the client's ack (<see cref="TimeoutException"/> when it does not come in time).</summary>
    public async Task<SocketAck> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] arguments)
    {
        var payload = SocketBinary.CreateEventData(eventName, arguments);
        return await Server.EmitWithAckAsync(Namespace, Id, payload.Data, payload.Attachments, timeout, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Joins rooms, once the adapter holds it. False when the socket is gone.</summary>
    public Task<bool> JoinAsync(params string[] rooms) => Server.JoinAsync(Namespace, Id, rooms);

    /// <summary>Leaves rooms, once the adapter holds it. False when the socket is gone.</summary>
    public Task<bool> LeaveAsync(params string[] rooms) => Server.LeaveAsync(Namespace, Id, rooms);

    /// <summary>Sockets in a room (this one excluded, as Socket.IO's <c>socket.to(room)</c>).</summary>
    public InProcessBroadcastOperator To(params string[] rooms) => new InProcessBroadcastOperator(Server, Namespace).To(rooms).Except(Id);

    /// <summary>Server-side disconnect: the client gets DISCONNECT and does not reconnect by itself.</summary>
    public async Task<bool> DisconnectAsync() =>
        await Server.DisconnectSocketsAsync(Namespace, BroadcastTarget.ToRooms(Id), close: false).ConfigureAwait(false) is not 0;

    /// <summary>Closes the whole Engine.IO connection (every namespace on it); the client reconnects by itself.</summary>
    public Task<bool> CloseConnectionAsync(string reason = "forced close") => Server.CloseConnectionAsync(Context.ConnectionId, reason);

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
