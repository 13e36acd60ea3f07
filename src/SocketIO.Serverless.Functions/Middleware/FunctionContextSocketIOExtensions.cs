using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>Socket.IO access from worker middleware: the invocation's request, and short-circuiting it with a result.</summary>
public static class FunctionContextSocketIOExtensions
{
    private static readonly object RequestItemKey = typeof(SocketIORequest);

    /// <summary>
    /// The Socket.IO request of this invocation, or null when the function is not HTTP-triggered or the request is
    /// not an upstream invocation (no <c>ce-type</c> header). Throws <see cref="SocketIORequestException"/> for a
    /// malformed or badly signed one.
    /// </summary>
    public static async Task<SocketIORequest?> GetSocketIORequestAsync(this FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Read (body, signature check, packet decode) once per invocation: middleware and the function's
        // parameter then share one request, as Socket.IO's middleware and handlers share one socket.
        if (context.Items.TryGetValue(RequestItemKey, out var cached))
        {
            return (SocketIORequest)cached;
        }

        var request = await ReadSocketIORequestAsync(context).ConfigureAwait(false);
        if (request is not null)
        {
            context.Items[RequestItemKey] = request;
        }

        return request;
    }

    private static async Task<SocketIORequest?> ReadSocketIORequestAsync(FunctionContext context)
    {
        var reader = context.InstanceServices.GetService<SocketIORequestReader>();
        if (context.GetHttpContext() is { } httpContext)
        {
            return SocketIORequestReader.IsSocketIORequest(httpContext.Request)
                ? await (reader ?? SocketIORequestReader.For(httpContext.Request)).ReadAsync(httpContext.Request, context.CancellationToken).ConfigureAwait(false)
                : null;
        }

        if (!IsHttpTriggered(context) || await context.GetHttpRequestDataAsync().ConfigureAwait(false) is not { } requestData
            || !requestData.Headers.Contains(CloudEventHeaders.Type))
        {
            return null;
        }

        return await (reader ?? SocketIORequestReader.For(requestData)).ReadAsync(requestData, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers the invocation with <paramref name="result"/> (typically in middleware that does not call next):
    /// as an <c>IActionResult</c> under ASP.NET Core integration, as an <see cref="HttpResponseData"/> otherwise.
    /// </summary>
    public static async Task SetSocketIOResultAsync(this FunctionContext context, SocketIOResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var invocationResult = context.GetInvocationResult();
        if (context.GetHttpContext() is not null)
        {
            invocationResult.Value = result;
            return;
        }

        var request = await context.GetHttpRequestDataAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("Only HTTP-triggered functions answer Socket.IO requests.");
        invocationResult.Value = await result.ToResponseAsync(request).ConfigureAwait(false);
    }

    internal static bool IsHttpTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));

    internal static int StatusOf(SocketIORequestException error) => error.StatusCode is >= 400 and < 600 ? error.StatusCode : StatusCodes.Status400BadRequest;
}
