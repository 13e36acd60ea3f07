namespace SocketIO.Serverless.Functions;

/// <summary>
/// Socket.IO's <c>io.use((socket, next) => ...)</c> as worker middleware: runs before the connect function of
/// <see cref="SocketIORequestMiddleware{TRequest}.Namespace"/> (every namespace when null) and may refuse the
/// socket. Register it with <c>builder.UseMiddleware&lt;T&gt;()</c> (it is a singleton: take services in the constructor).
/// </summary>
public abstract class SocketIOConnectMiddleware(string? @namespace = null) : SocketIORequestMiddleware<SocketIOConnectRequest>(@namespace)
{
    /// <summary>
    /// Checks a connecting socket. Return null to let it through (<c>next()</c>), or <c>socket.Reject("message")</c>
    /// to refuse it (<c>next(new Error("message"))</c>): the client's <c>connect_error</c> gets the message.
    /// Changes to <c>socket.Data</c> made here are kept when the socket is accepted.
    /// </summary>
    protected abstract ValueTask<SocketIOResult?> OnConnectAsync(SocketIOConnectRequest socket);

    private protected sealed override async ValueTask<SocketIOResult?> AnswerAsync(SocketIOConnectRequest request)
    {
        var rejection = await OnConnectAsync(request).ConfigureAwait(false);
        if (rejection is not null)
        {
            SocketIOTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("namespace", request.Namespace));
        }

        return rejection;
    }
}

/// <summary>
/// Socket.IO's <c>socket.use(([event, ...args], next) => ...)</c> as worker middleware: runs before every event
/// function of <see cref="SocketIORequestMiddleware{TRequest}.Namespace"/> (all when null) and may answer instead
/// of the function.
/// </summary>
public abstract class SocketIOEventMiddleware(string? @namespace = null) : SocketIORequestMiddleware<SocketIOEvent>(@namespace)
{
    /// <summary>
    /// Sees an event before its function. Return null to let it through, or an answer (<c>ev.Ack(...)</c> to answer
    /// the client's ack, <c>ev.Done()</c> to drop the event) that replaces the function's.
    /// </summary>
    protected abstract ValueTask<SocketIOResult?> OnEventAsync(SocketIOEvent socketEvent);

    private protected sealed override ValueTask<SocketIOResult?> AnswerAsync(SocketIOEvent request) => OnEventAsync(request);
}
