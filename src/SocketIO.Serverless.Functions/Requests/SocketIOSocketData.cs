using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// <c>socket.data</c> on the wire: the <c>ce-connectionState</c> header, base64 of the JSON object's UTF-8 text,
/// sent by the gateway with every request of the socket and set by the SDK in responses when it changed.
/// </summary>
internal sealed class SocketIOSocketData
{
    private SocketIOSocketData(JsonObject data, string? original)
    {
        Data = data;
        Original = original;
    }

    public JsonObject Data { get; }

    /// <summary>The header value the request came with, or null.</summary>
    public string? Original { get; }

    public static SocketIOSocketData Decode(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return new SocketIOSocketData([], null);
        }

        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
            return JsonNode.Parse(json) is JsonObject data
                ? new SocketIOSocketData(data, header)
                : throw new SocketIORequestException("The ce-connectionState header is not base64 of a JSON object.");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new SocketIORequestException($"The ce-connectionState header is not base64 of a JSON object: {e.Message}", StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The header value to answer with: null when <c>socket.data</c> did not change, "" to clear it.</summary>
    public string? HeaderToSend()
    {
        var current = Data.Count == 0 ? string.Empty : Convert.ToBase64String(Encoding.UTF8.GetBytes(Data.ToJsonString()));
        return current == (Original ?? string.Empty) ? null : current;
    }
}
