using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Application.InProcess;

/// <summary>Socket.IO's <c>io.to(room).except(room)</c>: an immutable selection of sockets to emit to.</summary>
public sealed class BroadcastOperator
{
    private readonly ISocketServer _server;
    private readonly string _namespace;
    private readonly string[] _rooms;
    private readonly string[] _except;

    public BroadcastOperator(ISocketServer server, string @namespace)
        : this(server, @namespace, [], [])
    {
    }

    private BroadcastOperator(ISocketServer server, string @namespace, string[] rooms, string[] except)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _namespace = @namespace ?? throw new ArgumentNullException(nameof(@namespace));
        _rooms = rooms;
        _except = except;
    }

    /// <summary>Narrows to sockets in any of these rooms (adds to the rooms already targeted).</summary>
    public BroadcastOperator To(params string[] rooms) => new(_server, _namespace, [.. _rooms, .. rooms], _except);

    /// <summary>Leaves out the sockets in these rooms (a socket id is a room too).</summary>
    public BroadcastOperator Except(params string[] rooms) => new(_server, _namespace, _rooms, [.. _except, .. rooms]);

    /// <summary>Sends the event; returns how many sockets it was queued to (each once).</summary>
    public int Emit(string eventName, params object?[] arguments)
    {
        var payload = SocketBinary.CreateEventData(eventName, arguments);
        return _server.Broadcast(_namespace, _rooms, _except, payload.Data, payload.Attachments);
    }

    /// <summary>The sockets selected now.</summary>
    public IReadOnlyCollection<SocketInfo> FetchSockets() => _server.FetchSockets(_namespace, _rooms, _except);
}
