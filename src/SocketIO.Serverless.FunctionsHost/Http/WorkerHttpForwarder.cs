using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>
/// Forwards a request to the worker's own HTTP server (ASP.NET Core integration) over pooled keep-alive
/// connections, and copies its response back, holding it until the host knows how the invocation went.
/// </summary>
public sealed class WorkerHttpForwarder : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private readonly HttpMessageInvoker _client;
    private readonly int _maxHeldBytes;

    public WorkerHttpForwarder(IOptions<FunctionsHostOptions> options)
    {
        _maxHeldBytes = options.Value.MaxHeldResponseBytes;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ActivityHeadersPropagator = null,
        });
    }

    /// <summary>Sends the request; completes when the worker's response headers arrive.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpContext context, Uri workerUri, string invocationId, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var target = new Uri(workerUri, request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent());
        var message = new HttpRequestMessage(new HttpMethod(request.Method), target) { Version = HttpVersion.Version11 };
        if (HasBody(request))
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || string.Equals(name, HeaderNames.Host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The worker applies forwarded headers, so the function sees the address and host the client used.
        message.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        message.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return _client.SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// Reads the body until it ends or <see cref="FunctionsHostOptions.MaxHeldResponseBytes"/> are held.
    /// </summary>
    public async Task<HeldResponse> HoldAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(response.Content.Headers.ContentLength is > 0 and var length && length < _maxHeldBytes ? (int)length + 1 : 4096);
        while (buffer.WrittenCount < _maxHeldBytes)
        {
            var read = await body.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new HeldResponse(response, body, buffer, Complete: true);
            }

            buffer.Advance(read);
        }

        return new HeldResponse(response, body, buffer, Complete: false);
    }

    /// <summary>Writes the worker's status and headers, the held bytes, then streams whatever is left.</summary>
    public static async Task CopyAsync(HeldResponse held, HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var source = held.Response;
        response.StatusCode = (int)source.StatusCode;
        CopyHeaders(source.Headers, response);
        CopyHeaders(source.Content.Headers, response);
        if (!ResponseBodies.Allowed(response))
        {
            // 204/304 and HEAD answers carry no body; writing even zero bytes makes Kestrel log an error.
            ResponseBodies.DropContentLengthOfNoContent(response);
            return;
        }

        if (held.Complete)
        {
            response.ContentLength = held.Buffer.WrittenCount;
        }
        else
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }

        if (held.Buffer.WrittenCount > 0)
        {
            await response.Body.WriteAsync(held.Buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        if (!held.Complete)
        {
            await held.Body.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders headers, HttpResponse response)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            response.Headers[name] = values.Count == 1 ? values.ToString() : values.ToArray();
        }
    }

    private static bool HasBody(HttpRequest request)
        => request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding));
}

/// <summary>A worker response whose head and first bytes are held back.</summary>
public sealed record HeldResponse(HttpResponseMessage Response, Stream Body, ArrayBufferWriter<byte> Buffer, bool Complete) : IDisposable
{
    public void Dispose()
    {
        Body.Dispose();
        Response.Dispose();
    }
}
