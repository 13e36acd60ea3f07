namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>A raw Engine.IO application that sends every message back as it came (text or binary), for checking the transports alone.</summary>
public sealed class EngineEchoApplication : IEngineApplication
{
    public void OnOpen(IEngineConnection connection)
    {
    }

    public void OnMessage(IEngineConnection connection, EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Send(message);
    }

    public void OnClose(IEngineConnection connection, string reason)
    {
    }
}
