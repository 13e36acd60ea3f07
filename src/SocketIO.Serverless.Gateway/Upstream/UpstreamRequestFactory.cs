using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Builds the CloudEvents binary-mode request of an <see cref="UpstreamCall"/>.</summary>
internal sealed class UpstreamRequestFactory(IOptionsMonitor<UpstreamOptions> options, TimeProvider time)
{
    private const string ContentTypeHeader = "Content-Type";

    public HttpRequestMessage Create(UpstreamCall call, HttpContent content)
    {
        var settings = options.CurrentValue;
        var socket = call.Socket;
        var request = new HttpRequestMessage(HttpMethod.Post, call.Url) { Content = content };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(CloudEventHeaders.SpecVersion, CloudEventHeaders.SpecVersionValue);
        headers.TryAddWithoutValidation(CloudEventHeaders.Type, call.EventType);
        headers.TryAddWithoutValidation(CloudEventHeaders.Source, HeaderValue(CloudEventHeaders.SourceFor(call.Hub, socket.ConnectionId)));
        headers.TryAddWithoutValidation(CloudEventHeaders.Id, Guid.NewGuid().ToString("N"));
        headers.TryAddWithoutValidation(CloudEventHeaders.Time, time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(CloudEventHeaders.Hub, HeaderValue(call.Hub));
        headers.TryAddWithoutValidation(CloudEventHeaders.EventName, HeaderValue(call.EventName));
        headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionId, socket.ConnectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Namespace, HeaderValue(socket.Namespace));
        headers.TryAddWithoutValidation(CloudEventHeaders.SocketId, socket.SocketId);
        if (!string.IsNullOrEmpty(call.UserId))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.UserId, HeaderValue(call.UserId));
        }

        if (settings.ResolveAccessKey() is { Length: > 0 } accessKey)
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.Signature, SignatureOf(socket, accessKey));
        }

        if (!string.IsNullOrEmpty(call.ConnectionState))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionState, call.ConnectionState);
        }

        headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, settings.RequestOrigin);
        return request;
    }

    // Content types are added as text, not parsed per request (HttpClient writes them as given).
    public static HttpContent Text(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation(ContentTypeHeader, ServerlessPayload.ContentType);
        return content;
    }

    public static HttpContent Json(byte[] utf8Json)
    {
        var content = new ByteArrayContent(utf8Json);
        content.Headers.TryAddWithoutValidation(ContentTypeHeader, "application/json; charset=utf-8");
        return content;
    }

    /// <summary>Header values are ASCII: anything else (or a control character) is sent percent-encoded.</summary>
    public static string HeaderValue(string value) =>
        value.AsSpan().ContainsAnyExceptInRange(' ', '~') ? Uri.EscapeDataString(value) : value;

    /// <summary>The HMAC of the socket's connection id, once per socket and access key.</summary>
    private static string SignatureOf(SocketContext socket, string accessKey)
    {
        var state = UpstreamSocketState.Of(socket);
        if (state.Signature is { } signature && string.Equals(signature.AccessKey, accessKey, StringComparison.Ordinal))
        {
            return signature.Value;
        }

        var value = UpstreamSignature.Compute(accessKey, socket.ConnectionId);
        state.Signature = new UpstreamSocketSignature(accessKey, value);
        return value;
    }
}
