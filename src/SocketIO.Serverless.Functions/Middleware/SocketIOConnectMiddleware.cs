using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Socket.IO's <c>io.use((socket, next) => ...)</c> as worker middleware: runs before the connect function of
/// <see cref="Namespace"/> (every namespace when null) and may refuse the socket. Register it with
/// <c>builder.UseMiddleware&lt;T&gt;()</c> (it is a singleton: take services in the constructor).
/// </summary>
public abstract class SocketIOConnectMiddleware : IFunctionsWorkerMiddleware
{
    protected SocketIOConnectMiddleware(string? @namespace = null)
    {
        Namespace = @namespace;
    }

    /// <summary>The namespace this middleware guards, or null for all.</summary>
    public string? Namespace { get; }

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return InvokeAsync(new FunctionContextInvocation(context), () => next(context));
    }

    internal async Task InvokeAsync(ISocketIOInvocation invocation, Func<Task> next)
    {
        var read = await SocketIOMiddlewareRequest.TryReadAsync(invocation).ConfigureAwait(false);
        if (read.Answered)
        {
            return;
        }

        if (read.Request is SocketIOConnectRequest connect && (Namespace is null || Namespace == connect.Namespace)
            && await OnConnectAsync(connect).ConfigureAwait(false) is { } rejection)
        {
            SocketIOTelemetry.Rejected.Add(1, new KeyValuePair<string, object?>("namespace", connect.Namespace));
            await invocation.AnswerAsync(rejection).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a connecting socket. Return null to let it through (<c>next()</c>), or <c>socket.Reject("message")</c>
    /// to refuse it (<c>next(new Error("message"))</c>): the client's <c>connect_error</c> gets the message.
    /// Changes to <c>socket.Data</c> made here are kept when the socket is accepted.
    /// </summary>
    protected abstract ValueTask<SocketIOResult?> OnConnectAsync(SocketIOConnectRequest socket);
}

/// <summary>
/// Socket.IO's <c>socket.use(([event, ...args], next) => ...)</c> as worker middleware: runs before every event
/// function of <see cref="Namespace"/> (all when null) and may answer instead of the function.
/// </summary>
public abstract class SocketIOEventMiddleware : IFunctionsWorkerMiddleware
{
    protected SocketIOEventMiddleware(string? @namespace = null)
    {
        Namespace = @namespace;
    }

    public string? Namespace { get; }

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return InvokeAsync(new FunctionContextInvocation(context), () => next(context));
    }

    internal async Task InvokeAsync(ISocketIOInvocation invocation, Func<Task> next)
    {
        var read = await SocketIOMiddlewareRequest.TryReadAsync(invocation).ConfigureAwait(false);
        if (read.Answered)
        {
            return;
        }

        if (read.Request is SocketIOEvent socketEvent && (Namespace is null || Namespace == socketEvent.Namespace)
            && await OnEventAsync(socketEvent).ConfigureAwait(false) is { } answer)
        {
            await invocation.AnswerAsync(answer).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>
    /// Sees an event before its function. Return null to let it through, or an answer (<c>ev.Ack(...)</c> to answer
    /// the client's ack, <c>ev.Done()</c> to drop the event) that replaces the function's.
    /// </summary>
    protected abstract ValueTask<SocketIOResult?> OnEventAsync(SocketIOEvent socketEvent);
}

/// <summary>Reading the request in middleware: a malformed one is answered (400/401) right there.</summary>
internal static class SocketIOMiddlewareRequest
{
    public static async Task<(SocketIORequest? Request, bool Answered)> TryReadAsync(ISocketIOInvocation invocation)
    {
        if (!invocation.IsHttpTriggered)
        {
            return (null, false);
        }

        try
        {
            return (await invocation.ReadRequestAsync().ConfigureAwait(false), false);
        }
        catch (SocketIORequestException error)
        {
            await invocation.AnswerAsync(SocketIOResult.Error(error)).ConfigureAwait(false);
            return (null, true);
        }
    }
}
