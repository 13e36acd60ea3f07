namespace SocketIO.Serverless.Gateway.Application.InProcess;

/// <summary>
/// The application of the reference server that the official Socket.IO protocol test suite runs against:
/// namespaces "/" and "/custom" emit "auth" with the handshake's auth payload on connect; "/" echoes "message" as
/// "message-back" and acks "message-with-ack" with its own arguments.
/// </summary>
public static class ConformanceApplication
{
    public static void Configure(InProcessApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnConnection("/", socket =>
        {
            socket.Emit("auth", socket.Auth);
            socket.On("message", e => socket.EmitArguments("message-back", e.Arguments, e.Attachments));
            socket.On("message-with-ack", e => e.AckWithArguments());
        });
        app.OnConnection("/custom", socket => socket.Emit("auth", socket.Auth));
    }
}
