using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker.Http;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// A function's answer to the gateway: accept or reject a connect, an ack, or nothing. It is an ASP.NET Core
/// <see cref="IActionResult"/>, so an ASP.NET Core integration function simply returns it; an
/// <see cref="HttpRequestData"/> function returns <see cref="ToResponseAsync"/> (or the SDK's middleware converts it).
/// When <c>socket.data</c> changed during the invocation, the answer carries it as <c>ce-connectionState</c>.
/// </summary>
public sealed class SocketIOResult : IActionResult
{
    internal SocketIOResult(SocketIORequest? request, int statusCode, string? body, string? contentType)
    {
        Request = request;
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    public int StatusCode { get; }

    /// <summary>The body: the ACK packet text, or the JSON <c>{message, data}</c> of a rejection; null when empty.</summary>
    public string? Body { get; }

    public string? ContentType { get; }

    internal SocketIORequest? Request { get; }

    /// <summary>The <c>ce-connectionState</c> header this answer carries, computed when it is written; null for none.</summary>
    public string? ConnectionState => Request?.Socket.State.HeaderToSend();

    /// <summary>An answer for a request that is not a valid upstream request (400, or 401 for a bad signature).</summary>
    public static SocketIOResult Error(SocketIORequestException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new SocketIOResult(null, error.StatusCode, error.Message, "text/plain; charset=utf-8");
    }

    /// <summary>
    /// 403 for a request that reached a function of another namespace (see docs/upstream.md): a connect gets the
    /// client's <c>connect_error</c> "Invalid namespace", as Node's server answers for a namespace it does not serve.
    /// </summary>
    internal static SocketIOResult InvalidNamespace() =>
        new(null, StatusCodes.Status403Forbidden, """{"message":"Invalid namespace"}""", "application/json; charset=utf-8");

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        if (ConnectionState is { } state)
        {
            response.Headers[CloudEventHeaders.ConnectionState] = state;
        }

        if (Body is not null)
        {
            response.ContentType = ContentType;
            await response.WriteAsync(Body, Encoding.UTF8, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The answer as the worker's <see cref="HttpResponseData"/>, for functions triggered with <see cref="HttpRequestData"/>.</summary>
    public async Task<HttpResponseData> ToResponseAsync(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse((System.Net.HttpStatusCode)StatusCode);
        if (ConnectionState is { } state)
        {
            response.Headers.Add(CloudEventHeaders.ConnectionState, state);
        }

        if (Body is not null)
        {
            response.Headers.Add("Content-Type", ContentType ?? "text/plain; charset=utf-8");
            await response.WriteStringAsync(Body, Encoding.UTF8).ConfigureAwait(false);
        }

        return response;
    }

    public override string ToString() => $"{StatusCode} {Body}";
}
