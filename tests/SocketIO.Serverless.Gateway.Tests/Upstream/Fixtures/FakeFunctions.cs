using System.Net.Http.Headers;
using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;

/// <summary>The functions the end-to-end scenarios of tests/e2e/upstream/client.mjs expect behind the gateway.</summary>
public static class FakeFunctions
{
    private static readonly HttpClient Management = new();

    public static void Register(UpstreamGatewayFixture gateway)
    {
        var functions = gateway.Functions;
        functions.On("/api/socketio/message", request => Ack(request, packet => Json($"[\"got: {packet.Data!.Value[1].GetString()}\"]")));
        functions.On("/api/socketio/first", _ => new FunctionAnswer(204));
        functions.On("/api/socketio/second", _ => new FunctionAnswer(204));
        functions.On("/api/socketio/file", request =>
        {
            var packet = Decode(request);
            var reversed = packet.Attachments[0].ToArray().Reverse().ToArray();
            var ack = SocketPacket.Ack(packet.Namespace, packet.Id!.Value, Json("""[{"_placeholder":true,"num":0}]"""), [reversed]);
            return new FunctionAnswer(200, ServerlessPacketCodec.Encode(ack));
        });
        functions.On("/api/socketio/admin/admin command", request => Ack(request, packet => Json($"[{{\"ok\":true,\"command\":{packet.Data!.Value[1].GetRawText()}}}]")));
        functions.On("/api/socketio/admin/connect", request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.GetProperty("auth").TryGetProperty("token", out var token) && token.GetString() == "bad"
                ? new FunctionAnswer(401, """{"message":"未授权","data":{"reason":"bad token"}}""", "application/json")
                : new FunctionAnswer(200);
        });
        functions.On("/api/socketio/broken/connect", _ => new FunctionAnswer(500, "boom"));
        functions.On("/api/socketio/slow/connect", _ => new FunctionAnswer(200, Delay: UpstreamGatewayFixture.UpstreamTimeout * 3));
        functions.On("/api/socketio/crash", _ => new FunctionAnswer(500, "crashed"));
        functions.On("/api/socketio/hang", _ => new FunctionAnswer(204, Delay: UpstreamGatewayFixture.UpstreamTimeout * 3));
        functions.On("/api/socketio/state/connect", _ => new FunctionAnswer(200, ConnectionState: "c3RhdGU="));
        functions.On("/api/socketio/state/message", request =>
            Ack(request, packet => Json($"[\"got: {packet.Data!.Value[1].GetString()}\"]")) with { ConnectionState = "bmV3" });
        functions.On("/api/socketio/ask", request => AskAsync(gateway, request));
    }

    public static SocketPacket Decode(UpstreamRequest request) =>
        ServerlessPacketCodec.TryDecode(request.Body, out var packet, out var error) ? packet : throw new InvalidOperationException(error);

    private static FunctionAnswer Ack(UpstreamRequest request, Func<SocketPacket, JsonElement> arguments)
    {
        var packet = Decode(request);
        return new FunctionAnswer(200, ServerlessPacketCodec.Encode(SocketPacket.Ack(packet.Namespace, packet.Id!.Value, arguments(packet), [])));
    }

    /// <summary>"ask": asks the same client through the management API while this event is still in flight.</summary>
    private static async Task<FunctionAnswer> AskAsync(UpstreamGatewayFixture gateway, UpstreamRequest request)
    {
        var packet = Decode(request);
        var question = packet.Data!.Value[1].GetString();
        var url = $"{gateway.Url}/api/hubs/hub/sockets/{request.SocketId}/:emitWithAck?api-version=2024-01-01&timeout=10000";
        using var call = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent($"42[\"question\",\"{question}\"]") };
        call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServiceAccessToken.Create(UpstreamGatewayFixture.AccessKey, url));
        using var response = await Management.SendAsync(call).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return new FunctionAnswer(500, body);
        }

        var answer = ServerlessPacketCodec.TryDecode(body, out var ack, out var error) ? ack : throw new InvalidOperationException(error);
        return new FunctionAnswer(200, ServerlessPacketCodec.Encode(SocketPacket.Ack(packet.Namespace, packet.Id!.Value, answer.Data!.Value, [])));
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
