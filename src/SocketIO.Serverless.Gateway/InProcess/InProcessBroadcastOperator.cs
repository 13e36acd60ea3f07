using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Protocol.SocketIO;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>
/// Socket.IO's <c>io.to(room).except(room)</c> for in-process handlers: an immutable <see cref="BroadcastTarget"/>
/// of one namespace, acted on through <see cref="ISocketServer"/>.
/// </summary>
public sealed class InProcessBroadcastOperator
{
    private readonly ISocketServer _server;
    private readonly string _namespace;

    public InProcessBroadcastOperator(ISocketServer server, string @namespace)
        : this(server, @namespace, BroadcastTarget.All)
    {
    }

    private InProcessBroadcastOperator(ISocketServer server, string @namespace, BroadcastTarget target)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _namespace = @namespace ?? throw new ArgumentNullException(nameof(@namespace));
        Target = target;
    }

    public BroadcastTarget Target { get; }

    /// <summary>Narrows to sockets in any of these rooms (adds to the rooms already targeted).</summary>
    public InProcessBroadcastOperator To(params string[] rooms) => new(_server, _namespace, Target.To(rooms));

    /// <summary>Leaves out the sockets in these rooms (a socket id is a room too).</summary>
    public InProcessBroadcastOperator Except(params string[] rooms) => new(_server, _namespace, Target.Except(rooms));

    /// <summary>Only the sockets of this gateway (Socket.IO's <c>local</c>).</summary>
    public InProcessBroadcastOperator Local => new(_server, _namespace, Target.With(BroadcastFlags.Local));

    /// <summary>Sends the event; returns how many sockets it was queued to (each once), or null when unknown.</summary>
    public Task<int?> EmitAsync(string eventName, params object?[] arguments)
    {
        var payload = SocketBinary.CreateEventData(eventName, arguments);
        return _server.BroadcastAsync(_namespace, Target, payload.Data, payload.Attachments);
    }

    /// <summary>The sockets selected now.</summary>
    public Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync() => _server.FetchSocketsAsync(_namespace, Target);

    /// <summary>Makes the selected sockets join rooms.</summary>
    public Task SocketsJoinAsync(params string[] rooms) => _server.SocketsJoinAsync(_namespace, Target, rooms);

    /// <summary>Makes the selected sockets leave rooms.</summary>
    public Task SocketsLeaveAsync(params string[] rooms) => _server.SocketsLeaveAsync(_namespace, Target, rooms);

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/>, closes their connections.</summary>
    public Task<int?> DisconnectSocketsAsync(bool close = false) => _server.DisconnectSocketsAsync(_namespace, Target, close);
}
