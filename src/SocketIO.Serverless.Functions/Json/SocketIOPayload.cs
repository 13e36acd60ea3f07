using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>A Socket.IO data array (event name and arguments, or ack arguments) with its binary attachments.</summary>
internal sealed record SocketIOPayload(JsonElement Data, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> WithBinary = [];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Serializes <paramref name="arguments"/> (after <paramref name="eventName"/> when given) into one JSON array.
    /// Binary values (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, ...) anywhere in them become attachments.
    /// </summary>
    public static SocketIOPayload Write(string? eventName, IReadOnlyList<object?> arguments, JsonSerializerOptions options)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var buffer = new ArrayBufferWriter<byte>(256);
        var withBinary = BinaryAware(options);
        using (BinaryCollector.Begin(attachments))
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            if (eventName is not null)
            {
                writer.WriteStringValue(eventName);
            }

            foreach (var argument in arguments)
            {
                JsonSerializer.Serialize(writer, argument, argument?.GetType() ?? typeof(object), withBinary);
            }

            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return new SocketIOPayload(JsonElement.ParseValue(ref reader), attachments);
    }

    /// <summary>
    /// Reads one argument as <typeparamref name="T"/>. Binary targets take the attachment a placeholder points to;
    /// other targets see every placeholder inside the value replaced by the base64 of its bytes, so a <c>byte[]</c>
    /// property of a record binds to the attachment.
    /// </summary>
    public static T? ReadArgument<T>(JsonElement argument, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
    {
        if (SocketPlaceholders.TryGetIndex(argument, out var index) && index < attachments.Count && TryAsBinary<T>(attachments[index], out var binary))
        {
            return binary;
        }

        if (typeof(T) == typeof(JsonElement))
        {
            return (T)(object)argument.Clone();
        }

        var withBinary = BinaryAware(options);
        if (attachments.Count == 0 || SocketPlaceholders.Find(argument).Count == 0)
        {
            return argument.Deserialize<T>(withBinary);
        }

        var node = JsonNode.Parse(argument.GetRawText());
        return ReplacePlaceholders(node, attachments).Deserialize<T>(withBinary);
    }

    private static bool TryAsBinary<T>(ReadOnlyMemory<byte> attachment, out T? value)
    {
        object? result = typeof(T) switch
        {
            var t when t == typeof(byte[]) => attachment.ToArray(),
            var t when t == typeof(ReadOnlyMemory<byte>) => attachment,
            var t when t == typeof(Memory<byte>) => new Memory<byte>(attachment.ToArray()),
            var t when t == typeof(ArraySegment<byte>) => new ArraySegment<byte>(attachment.ToArray()),
            var t when t == typeof(Stream) || t == typeof(MemoryStream) => new MemoryStream(attachment.ToArray(), writable: false),
            _ => null,
        };
        value = (T?)result;
        return result is not null;
    }

    private static JsonNode? ReplacePlaceholders(JsonNode? node, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        switch (node)
        {
            case JsonObject obj when obj["_placeholder"] is JsonValue marker && marker.TryGetValue<bool>(out var isPlaceholder) && isPlaceholder
                                     && obj["num"] is JsonValue num && num.TryGetValue<int>(out var index) && index >= 0 && index < attachments.Count:
                return JsonValue.Create(Convert.ToBase64String(attachments[index].Span));
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    obj[name] = ReplacePlaceholders(obj[name]?.DeepClone(), attachments);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = ReplacePlaceholders(array[i]?.DeepClone(), attachments);
                }

                return array;
            default:
                return node;
        }
    }

    private static JsonSerializerOptions BinaryAware(JsonSerializerOptions options) =>
        WithBinary.GetValue(options, static original =>
        {
            var copy = new JsonSerializerOptions(original);
            copy.Converters.Insert(0, new BinaryPlaceholderConverterFactory());
            copy.MakeReadOnly(populateMissingResolver: true);
            return copy;
        });
}
