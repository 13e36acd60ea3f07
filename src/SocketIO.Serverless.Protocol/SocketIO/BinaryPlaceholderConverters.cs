using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// The attachments of the one serialization running on this thread. JsonSerializer's synchronous calls run on
/// the calling thread, so a thread-static scope lets cached (shared, immutable) options carry per-call state.
/// </summary>
internal sealed class BinaryScope : IDisposable
{
    [ThreadStatic]
    private static BinaryScope? t_current;

    private readonly BinaryScope? _outer;

    private BinaryScope(List<ReadOnlyMemory<byte>>? outgoing, IReadOnlyList<ReadOnlyMemory<byte>>? incoming)
    {
        Outgoing = outgoing;
        Incoming = incoming;
        _outer = t_current;
        t_current = this;
    }

    public static BinaryScope? Current => t_current;

    /// <summary>Bytes met while writing become placeholders; their bytes are collected here.</summary>
    public List<ReadOnlyMemory<byte>>? Outgoing { get; }

    /// <summary>Placeholders met while reading are resolved from these attachments.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Incoming { get; }

    public static BinaryScope ForWriting(List<ReadOnlyMemory<byte>> outgoing) => new(outgoing, null);

    public static BinaryScope ForReading(IReadOnlyList<ReadOnlyMemory<byte>> incoming) => new(null, incoming);

    public void Dispose() => t_current = _outer;

    /// <summary>Writes the bytes as a placeholder inside a scope, as base64 (System.Text.Json's default) outside.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> bytes)
    {
        if (t_current?.Outgoing is { } outgoing)
        {
            SocketPlaceholders.Write(writer, outgoing.Count);
            outgoing.Add(bytes);
        }
        else
        {
            writer.WriteBase64StringValue(bytes.Span);
        }
    }

    /// <summary>Reads a placeholder (inside a reading scope) or a base64 string.</summary>
    public static ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetBytesFromBase64();
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a binary placeholder or a base64 string, not {reader.TokenType}.");
        }
        var placeholder = JsonElement.ParseValue(ref reader);
        var attachments = t_current?.Incoming ?? throw new JsonException("A binary placeholder was found, but no attachments were given.");
        if (!SocketPlaceholders.TryGetIndex(placeholder, out var index) || index >= attachments.Count)
        {
            throw new JsonException($"Invalid binary placeholder {placeholder.GetRawText()} for {attachments.Count} attachment(s).");
        }
        return attachments[index];
    }
}

internal sealed class ByteArrayPlaceholderConverter : JsonConverter<byte[]>
{
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        // A copy: the caller may change its array, and the attachment may be shared with other readers.
        BinaryScope.Read(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => BinaryScope.Write(writer, value);
}

internal sealed class ReadOnlyMemoryPlaceholderConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BinaryScope.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) => BinaryScope.Write(writer, value);
}

internal sealed class MemoryPlaceholderConverter : JsonConverter<Memory<byte>>
{
    public override Memory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BinaryScope.Read(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, Memory<byte> value, JsonSerializerOptions options) => BinaryScope.Write(writer, value);
}

internal sealed class ArraySegmentPlaceholderConverter : JsonConverter<ArraySegment<byte>>
{
    public override ArraySegment<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BinaryScope.Read(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, ArraySegment<byte> value, JsonSerializerOptions options) => BinaryScope.Write(writer, value);
}

/// <summary>Options with the placeholder converters added, cached per caller options (building options is costly).</summary>
internal static class BinaryJsonOptions
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Cache = new();

    /// <summary>The default: web conventions (camelCase, as JavaScript peers expect) and no escaping of non-ASCII
    /// text, which only goes into JSON payloads, never into HTML.</summary>
    public static JsonSerializerOptions Default { get; } = WithConverters(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonSerializerOptions For(JsonSerializerOptions? options) =>
        options is null ? Default : Cache.GetValue(options, static o => WithConverters(new JsonSerializerOptions(o)));

    private static JsonSerializerOptions WithConverters(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new ByteArrayPlaceholderConverter());
        options.Converters.Insert(1, new ReadOnlyMemoryPlaceholderConverter());
        options.Converters.Insert(2, new MemoryPlaceholderConverter());
        options.Converters.Insert(3, new ArraySegmentPlaceholderConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
