using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Builds the JSON body of the <c>connect</c> event from what the socket's handshake carried.</summary>
internal static class ConnectEventBuilder
{
    public static ConnectEventRequest Build(SocketContext socket, Dictionary<string, string[]> claims)
    {
        var handshake = socket.Handshake;
        return new ConnectEventRequest
        {
            Claims = claims,
            Query = handshake.Query.ToDictionary(pair => pair.Key, pair => new[] { pair.Value }, StringComparer.Ordinal),
            Headers = handshake.Headers.ToDictionary(pair => pair.Key, pair => new[] { pair.Value }, StringComparer.OrdinalIgnoreCase),
            Auth = ParseAuth(socket.AuthJson),
            Address = handshake.RemoteAddress?.ToString(),
            Url = handshake.Url,
            Secure = handshake.Secure,
            Time = handshake.Time,
            Recovered = socket.Recovered,
        };
    }

    public static byte[] Serialize(ConnectEventRequest body) => JsonSerializer.SerializeToUtf8Bytes(body);

    private static JsonElement? ParseAuth(string? authJson)
    {
        if (string.IsNullOrEmpty(authJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(authJson);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The Socket.IO layer validated the CONNECT payload; anything else is passed on as a string.
            return JsonSerializer.SerializeToElement(authJson);
        }
    }
}
