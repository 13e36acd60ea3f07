using System.Text;
using Microsoft.AspNetCore.Http;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions.Tests;

/// <summary>Builds upstream requests as the gateway sends them (docs/upstream.md), as ASP.NET Core requests.</summary>
internal static class Upstream
{
    public const string AccessKey = "test-access-key-0123456789";
    public const string ConnectionString = "Endpoint=http://localhost:3000;AccessKey=" + AccessKey + ";Version=1.0;";
    public const string ConnectionId = "conn-1";
    public const string SocketId = "sock-1";

    public static HttpRequest Event(string body, string @namespace = "/", string eventName = "message", string? state = null, string? signatureKey = AccessKey) =>
        Request(CloudEventTypes.UserMessage, eventName, @namespace, body, "text/plain; charset=utf-8", state, signatureKey);

    public static HttpRequest Connect(string body, string @namespace = "/", string? state = null) =>
        Request(CloudEventTypes.Connect, "connect", @namespace, body, "application/json", state, AccessKey);

    public static HttpRequest Connected(string @namespace = "/", string? state = null) =>
        Request(CloudEventTypes.Connected, "connected", @namespace, "{}", "application/json", state, AccessKey);

    public static HttpRequest Disconnected(string reason, string @namespace = "/") =>
        Request(CloudEventTypes.Disconnected, "disconnected", @namespace, $$"""{"reason":"{{reason}}"}""", "application/json", null, AccessKey);

    public static HttpRequest Request(string type, string eventName, string @namespace, string body, string contentType, string? state, string? signatureKey)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.ContentType = contentType;
        request.Headers[CloudEventHeaders.SpecVersion] = "1.0";
        request.Headers[CloudEventHeaders.Type] = type;
        request.Headers[CloudEventHeaders.Id] = Guid.NewGuid().ToString();
        request.Headers[CloudEventHeaders.Hub] = "hub";
        request.Headers[CloudEventHeaders.EventName] = Uri.EscapeDataString(eventName);
        request.Headers[CloudEventHeaders.ConnectionId] = ConnectionId;
        request.Headers[CloudEventHeaders.Namespace] = @namespace.All(c => c is >= ' ' and <= '~') ? @namespace : Uri.EscapeDataString(@namespace);
        request.Headers[CloudEventHeaders.SocketId] = SocketId;
        if (signatureKey is not null)
        {
            request.Headers[CloudEventHeaders.Signature] = UpstreamSignature.Compute(signatureKey, ConnectionId);
        }

        if (state is not null)
        {
            request.Headers[CloudEventHeaders.ConnectionState] = state;
        }

        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return request;
    }

    public static SocketIORequestReader Reader(bool validate = true, string? connectionString = ConnectionString) =>
        new(new SocketIOOptions { ConnectionString = connectionString, ValidateSignature = validate }, server: null);

    public static string State(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
}
