using System.Buffers;
using System.Text.Json;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>Small JSON values the Socket.IO layer builds: the CONNECT payload, argument slices.</summary>
internal static class SocketJsonValues
{
    public static readonly JsonElement EmptyArray = Parse("[]"u8);

    /// <summary>The server's CONNECT payload <c>{"sid":"..."}</c>.</summary>
    public static JsonElement Handshake(string socketId) => Build(writer =>
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

        return Build(writer =>
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
    public static JsonElement EventData(string eventName, JsonElement arguments) => Build(writer =>
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

    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Parse(buffer.WrittenSpan);
    }

    private static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return JsonElement.ParseValue(ref reader);
    }
}
