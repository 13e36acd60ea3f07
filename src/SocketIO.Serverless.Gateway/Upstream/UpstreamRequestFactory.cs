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
        var state = UpstreamSocketState.Of(socket);
        var fixedValues = HeadersOf(state, socket, call.Hub);
        headers.TryAddWithoutValidation(CloudEventHeaders.SpecVersion, CloudEventHeaders.SpecVersionValue);
        headers.TryAddWithoutValidation(CloudEventHeaders.Type, call.EventType);
        headers.TryAddWithoutValidation(CloudEventHeaders.Source, fixedValues.Source);
        headers.TryAddWithoutValidation(CloudEventHeaders.Id, Guid.NewGuid().ToString("N"));
        headers.TryAddWithoutValidation(CloudEventHeaders.Time, TimeValue(time.GetUtcNow().UtcDateTime));
        headers.TryAddWithoutValidation(CloudEventHeaders.Hub, fixedValues.HubValue);
        headers.TryAddWithoutValidation(CloudEventHeaders.EventName, HeaderValue(call.EventName));
        headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionId, socket.ConnectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Namespace, fixedValues.NamespaceValue);
        headers.TryAddWithoutValidation(CloudEventHeaders.SocketId, socket.SocketId);
        if (!string.IsNullOrEmpty(call.UserId))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.UserId, HeaderValue(call.UserId));
        }

        if (settings.ResolveAccessKey() is { Length: > 0 } accessKey)
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.Signature, SignatureOf(state, socket, accessKey));
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
    private static string SignatureOf(UpstreamSocketState state, SocketContext socket, string accessKey)
    {
        if (state.Signature is { } signature && string.Equals(signature.AccessKey, accessKey, StringComparison.Ordinal))
        {
            return signature.Value;
        }

        var value = UpstreamSignature.Compute(accessKey, socket.ConnectionId);
        state.Signature = new UpstreamSocketSignature(accessKey, value);
        return value;
    }

    /// <summary>The socket's source, hub and namespace header values, encoded once per socket (and hub).</summary>
    private static UpstreamSocketHeaders HeadersOf(UpstreamSocketState state, SocketContext socket, string hub)
    {
        if (state.Headers is { } known && string.Equals(known.Hub, hub, StringComparison.Ordinal))
        {
            return known;
        }

        var made = new UpstreamSocketHeaders(hub, HeaderValue(CloudEventHeaders.SourceFor(hub, socket.ConnectionId)), HeaderValue(hub), HeaderValue(socket.Namespace));
        state.Headers = made;
        return made;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (RFC 3339, UTC, milliseconds) written digit by digit: the custom format
    /// string was parsed on every request.
    /// </summary>
    internal static string TimeValue(DateTime utc) => string.Create(24, utc, static (span, t) =>
    {
        Digits(span[..4], t.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), t.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), t.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), t.Second);
        span[19] = '.';
        Digits(span.Slice(20, 3), t.Millisecond);
        span[23] = 'Z';
    });

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
