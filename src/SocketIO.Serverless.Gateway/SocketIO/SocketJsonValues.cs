using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// Small JSON values the Socket.IO layer builds: the CONNECT payload, argument slices. Built with the Protocol's
/// <see cref="SocketJson.Build"/>, the one builder of payload elements, so the gateway escapes as the codec does.
/// </summary>
internal static class SocketJsonValues
{
    public static readonly JsonElement EmptyArray = Parse("[]"u8);

    /// <summary>The server's CONNECT payload <c>{"sid":"..."}</c>.</summary>
    public static JsonElement Handshake(string socketId) => SocketJson.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("sid", socketId);
        writer.WriteEndObject();
    });

    /// <summary>The elements of a JSON array after the first (an event's arguments without its name).</summary>
    public static JsonElement Rest(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() <= 1)
        {
            return EmptyArray;
        }

        return SocketJson.Build(writer =>
        {
            writer.WriteStartArray();
            var first = true;
            foreach (var item in array.EnumerateArray())
            {
                if (first)
                {
                    first = false;
                    continue;
                }

                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>A JSON array of the event name followed by the arguments' elements: an EVENT's data.</summary>
    public static JsonElement EventData(string eventName, JsonElement arguments) => SocketJson.Build(writer =>
    {
        writer.WriteStartArray();
        writer.WriteStringValue(eventName);
        if (arguments.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in arguments.EnumerateArray())
            {
                item.WriteTo(writer);
            }
        }

        writer.WriteEndArray();
    });

    private static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return JsonElement.ParseValue(ref reader);
    }
}
