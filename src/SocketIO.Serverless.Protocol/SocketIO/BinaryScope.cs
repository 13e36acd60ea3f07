using System.Text.Json;

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
