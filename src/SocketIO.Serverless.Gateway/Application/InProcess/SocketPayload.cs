using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Application.InProcess;

/// <summary>
/// Converts .NET values to and from Socket.IO arguments: JSON, where binary values (<c>byte[]</c>,
/// <c>ReadOnlyMemory&lt;byte&gt;</c>, <c>Memory&lt;byte&gt;</c>, <c>ArraySegment&lt;byte&gt;</c>) anywhere in the object graph
/// travel as attachments behind <c>{"_placeholder":true,"num":N}</c>, as Socket.IO sends Buffers and ArrayBuffers.
/// </summary>
public static class SocketPayload
{
    // The converters reach the attachments of the call in progress through this: serialization is synchronous.
    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? t_attachments;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>A JSON array of <paramref name="values"/>, and the attachments its placeholders point to.</summary>
    public static SocketAck Serialize(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attachments = new List<ReadOnlyMemory<byte>>();
        var outer = t_attachments;
        t_attachments = attachments;
        try
        {
            var array = JsonSerializer.SerializeToElement(values.ToArray(), Options);
            return new SocketAck(array, attachments);
        }
        finally
        {
            t_attachments = outer;
        }
    }

    /// <summary>Reads one argument as <typeparamref name="T"/>, binary placeholders becoming the attachments' bytes.</summary>
    public static T? Deserialize<T>(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var outer = t_attachments;
        t_attachments = [.. attachments];
        try
        {
            return value.Deserialize<T>(Options);
        }
        finally
        {
            t_attachments = outer;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new ByteArrayConverter());
        options.Converters.Add(new ReadOnlyMemoryConverter());
        options.Converters.Add(new MemoryConverter());
        options.Converters.Add(new ArraySegmentConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void WritePlaceholder(Utf8JsonWriter writer, ReadOnlyMemory<byte> bytes)
    {
        var attachments = t_attachments ?? throw new InvalidOperationException("Binary values are serialized through SocketPayload only.");
        SocketPlaceholders.Write(writer, attachments.Count);
        attachments.Add(bytes);
    }

    private static ReadOnlyMemory<byte> ReadPlaceholder(ref Utf8JsonReader reader)
    {
        var element = JsonElement.ParseValue(ref reader);
        var attachments = t_attachments;
        if (attachments is not null && SocketPlaceholders.TryGetIndex(element, out var index) && index < attachments.Count)
        {
            return attachments[index];
        }

        throw new JsonException($"Expected a binary placeholder pointing to one of {attachments?.Count ?? 0} attachments, got {element.GetRawText()}.");
    }

    private sealed class ByteArrayConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPlaceholder(ref reader).ToArray();

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => WritePlaceholder(writer, value);
    }

    private sealed class ReadOnlyMemoryConverter : JsonConverter<ReadOnlyMemory<byte>>
    {
        public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPlaceholder(ref reader);

        public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) => WritePlaceholder(writer, value);
    }

    private sealed class MemoryConverter : JsonConverter<Memory<byte>>
    {
        public override Memory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPlaceholder(ref reader).ToArray();

        public override void Write(Utf8JsonWriter writer, Memory<byte> value, JsonSerializerOptions options) => WritePlaceholder(writer, value);
    }

    private sealed class ArraySegmentConverter : JsonConverter<ArraySegment<byte>>
    {
        public override ArraySegment<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPlaceholder(ref reader).ToArray();

        public override void Write(Utf8JsonWriter writer, ArraySegment<byte> value, JsonSerializerOptions options) => WritePlaceholder(writer, value);
    }
}
