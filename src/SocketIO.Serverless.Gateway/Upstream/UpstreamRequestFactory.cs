using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Builds the CloudEvents binary-mode request of an <see cref="UpstreamCall"/>.</summary>
internal sealed class UpstreamRequestFactory(IOptionsMonitor<UpstreamOptions> options, TimeProvider time)
{
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
            headers.TryAddWithoutValidation(CloudEventHeaders.Signature, UpstreamSignature.Compute(accessKey, socket.ConnectionId));
        }

        if (!string.IsNullOrEmpty(call.ConnectionState))
        {
            headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionState, call.ConnectionState);
        }

        headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, settings.RequestOrigin);
        return request;
    }

    public static HttpContent Text(string body)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ServerlessPayload.ContentType);
        return content;
    }

    public static HttpContent Json(byte[] utf8Json)
    {
        var content = new ByteArrayContent(utf8Json);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        return content;
    }

    /// <summary>Header values are ASCII: anything else (or a control character) is sent percent-encoded.</summary>
    public static string HeaderValue(string value) =>
        value.All(c => c is >= ' ' and <= '~') ? value : Uri.EscapeDataString(value);
}
