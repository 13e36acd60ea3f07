using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// Between .NET values and payloads with binary attachments, for code that needs the arguments as values
/// (the Functions SDK), while the server itself only forwards placeholders and bytes.
/// Writing: byte[], ReadOnlyMemory&lt;byte&gt;, Memory&lt;byte&gt;, ArraySegment&lt;byte&gt; and streams (read
/// from their position to their end) anywhere in the values (nested in objects, lists, dictionaries) become
/// placeholders, their bytes the attachments, in order. Reading: placeholders anywhere become those types again
/// (a stream target gets a read-only MemoryStream). Other types serialize as System.Text.Json does with the
/// given options (default: web conventions, camelCase); non-ASCII text is not escaped unless those options set
/// an encoder. The caller's options are never changed: a copy with the converters is cached per instance.
/// </summary>
public static class SocketBinary
{
    /// <summary>The data array of an ACK (or of an EVENT whose name is among the values) from .NET values.</summary>
    public static SocketPayload CreateArguments(IEnumerable<object?> values, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Serialize(values as object?[] ?? values.ToArray(), options);
    }

    /// <summary>The data array of an EVENT: the name (an empty one is valid on the wire), then the arguments.</summary>
    public static SocketPayload CreateEventData(string eventName, IEnumerable<object?> arguments, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(arguments);
        return Serialize((object?[])[eventName, .. arguments], options);
    }

    /// <summary>Any value as a payload, its bytes (at any depth) as attachments.</summary>
    public static SocketPayload Serialize<T>(T value, JsonSerializerOptions? options = null)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        using (BinaryScope.ForWriting(attachments))
        {
            var data = JsonSerializer.SerializeToElement(value, BinaryJsonOptions.For(options));
            return new SocketPayload(data, attachments);
        }
    }

    /// <summary>The bytes a placeholder stands for; false when the element is not a placeholder or its num is
    /// out of range.</summary>
    public static bool TryGetAttachment(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (SocketPlaceholders.TryGetIndex(element, out var index) && index < attachments.Count)
        {
            bytes = attachments[index];
            return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>
    /// Reads a value whose placeholders (at any depth) are resolved from the attachments into byte[],
    /// ReadOnlyMemory&lt;byte&gt;, Memory&lt;byte&gt;, ArraySegment&lt;byte&gt;, Stream or MemoryStream members. A placeholder read as
    /// another type (e.g. object) stays a JsonElement. Throws <see cref="JsonException"/> when the JSON does not
    /// fit <typeparamref name="T"/> or a placeholder is invalid.
    /// </summary>
    public static T? Deserialize<T>(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        using (BinaryScope.ForReading(attachments))
        {
            return element.Deserialize<T>(BinaryJsonOptions.For(options));
        }
    }

    /// <summary>Positional access to a data array with its attachments (see <see cref="SocketArguments"/>).</summary>
    public static SocketArguments Resolve(JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments) => new(data, attachments);
}
