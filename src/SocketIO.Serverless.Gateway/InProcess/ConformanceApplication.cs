using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

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
        app.OnConnection("/", async socket =>
        {
            socket.On("message", async e => await socket.EmitArgumentsAsync("message-back", e.Arguments, e.Attachments).ConfigureAwait(false));
            socket.On("message-with-ack", e => e.AckWithArguments());
            await socket.EmitAsync("auth", socket.Auth).ConfigureAwait(false);
        });
        app.OnConnection("/custom", async socket => await socket.EmitAsync("auth", socket.Auth).ConfigureAwait(false));
    }
}
