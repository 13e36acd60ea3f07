using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// What the connect and event middleware share: read the function's Socket.IO request (answering a malformed one
/// with 400/401 right there), and give requests of type <typeparamref name="TRequest"/> in <see cref="Namespace"/>
/// to the subclass, whose answer replaces the function's. Derive from <see cref="SocketIOConnectMiddleware"/> or
/// <see cref="SocketIOEventMiddleware"/>.
/// </summary>
public abstract class SocketIORequestMiddleware<TRequest> : IFunctionsWorkerMiddleware
    where TRequest : SocketIORequest
{
    private protected SocketIORequestMiddleware(string? @namespace)
    {
        Namespace = @namespace;
    }

    /// <summary>The namespace this middleware sees, or null for all.</summary>
    public string? Namespace { get; }

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return InvokeAsync(new FunctionContextInvocation(context), () => next(context));
    }

    internal async Task InvokeAsync(ISocketIOInvocation invocation, Func<Task> next)
    {
        if (invocation.IsHttpTriggered)
        {
            SocketIORequest? read;
            try
            {
                read = await invocation.ReadRequestAsync().ConfigureAwait(false);
            }
            catch (SocketIORequestException error)
            {
                await invocation.AnswerAsync(SocketIOResult.Error(error)).ConfigureAwait(false);
                return;
            }

            if (read is TRequest request && (Namespace is null || Namespace == request.Namespace)
                && await AnswerAsync(request).ConfigureAwait(false) is { } answer)
            {
                await invocation.AnswerAsync(answer).ConfigureAwait(false);
                return;
            }
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>The answer that replaces the function's, or null to let the request through.</summary>
    private protected abstract ValueTask<SocketIOResult?> AnswerAsync(TRequest request);
}
