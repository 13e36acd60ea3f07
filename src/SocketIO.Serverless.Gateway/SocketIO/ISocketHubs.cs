using SocketIO.Serverless.Gateway.Applications;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// The Socket.IO servers of the gateway, one per hub (as Web PubSub keeps hubs apart: sockets, rooms and
/// broadcasts of one hub never reach another). Clients on <c>/socket.io/</c> belong to <see cref="DefaultHub"/>;
/// clients on <c>/clients/socketio/hubs/{hub}/</c> to that hub. The <see cref="ISocketServer"/> registered in DI
/// is the default hub's.
/// </summary>
public interface ISocketHubs
{
    /// <summary>The hub of clients on the plain Socket.IO path.</summary>
    string DefaultHub { get; }

    /// <summary>The server of a hub (hub names compare case-insensitively); created empty when first asked for.</summary>
    ISocketServer Get(string hub);

    /// <summary>The hub a socket belongs to, from its handshake.</summary>
    string HubOf(SocketContext socket);
}
