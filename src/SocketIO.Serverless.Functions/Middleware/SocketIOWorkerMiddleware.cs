using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The SDK's worker middleware (<c>UseSocketIO()</c>): before a function runs, reads and checks its Socket.IO
/// request, answering 400/401 itself for a malformed or badly signed one; after, turns a returned
/// <see cref="SocketIOResult"/> into an <see cref="HttpResponseData"/> when the app does not use ASP.NET Core integration.
/// </summary>
public sealed partial class SocketIOWorkerMiddleware(ILogger<SocketIOWorkerMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return InvokeAsync(new FunctionContextInvocation(context), () => next(context));
    }

    internal async Task InvokeAsync(ISocketIOInvocation invocation, Func<Task> next)
    {
        if (!invocation.IsHttpTriggered)
        {
            await next().ConfigureAwait(false);
            return;
        }

        SocketIORequest? request;
        try
        {
            request = await invocation.ReadRequestAsync().ConfigureAwait(false);
        }
        catch (SocketIORequestException error)
        {
            LogRefused(logger, invocation.FunctionName, error.StatusCode, error.Message);
            SocketIOTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", error.StatusCode));
            await invocation.AnswerAsync(SocketIOResult.Error(error)).ConfigureAwait(false);
            return;
        }

        if (request is not null && invocation.Route is { } route && await invocation.ReadPathSegmentsAsync().ConfigureAwait(false) is { } path
            && !FunctionRoute.Matches(route, path))
        {
            // The host matched the route ignoring case (or another loose rule): the request is another
            // namespace's, and this function, its middleware included, must not see it.
            var requestPath = "/" + string.Join('/', path);
            LogOtherNamespace(logger, invocation.FunctionName, route, request.Namespace, requestPath);
            SocketIOTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", StatusCodes.Status403Forbidden));
            await invocation.AnswerAsync(SocketIOResult.InvalidNamespace()).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);

        if (invocation.ReturnValue is SocketIOResult result && !invocation.IsAspNetCore)
        {
            await invocation.AnswerAsync(result).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Function {Function} refused a Socket.IO request of namespace {Namespace} with 403: its path {Path} is not exactly the function's route {Route}")]
    private static partial void LogOtherNamespace(ILogger logger, string function, string route, string @namespace, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} refused a Socket.IO request with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string function, int status, string reason);
}
