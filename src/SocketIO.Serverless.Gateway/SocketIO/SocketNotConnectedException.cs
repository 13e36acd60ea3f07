using SocketIO.Serverless.Gateway.Applications;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// Thrown by <see cref="ISocketServer.EmitWithAckAsync"/> when the socket is not connected, or disconnects
/// before it answers: no ack can come any more (a timeout, by contrast, is a <see cref="TimeoutException"/>).
/// </summary>
public sealed class SocketNotConnectedException : Exception
{
    public SocketNotConnectedException(string message)
        : base(message)
    {
    }

    public SocketNotConnectedException()
        : base("The socket is not connected.")
    {
    }

    public SocketNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
