using System.Buffers;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// The JSON of Socket.IO payloads: strict parsing of untrusted bytes, and <see cref="Build"/>, the one way the codec
/// and the gateway build a payload element (a CONNECT or CONNECT_ERROR payload, an EVENT's data).
/// </summary>
public static class SocketJson
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = SocketPacketLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses exactly one JSON value (surrounding whitespace allowed, as JSON.parse does). Never throws:
    /// malformed, unterminated, too deep or trailing-garbage input returns false.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> utf8, out JsonElement element)
    {
        element = default;
        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: new JsonReaderState(ReaderOptions));
            if (!reader.Read())
            {
                return false;
            }
            element = JsonElement.ParseValue(ref reader);
            // Anything but whitespace after the value makes Read throw; only whitespace makes it return false.
            return !reader.Read();
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }

    /// <summary>
    /// Builds a standalone element (it owns its memory; nothing to dispose) with a writer. The encoder copies an
    /// element's UTF-8 to the wire verbatim (<see cref="SocketPacketEncoder"/>), so the escaping chosen here is what
    /// peers receive. It is the relaxed one, as for serialized arguments (<see cref="BinaryJsonOptions"/>): these
    /// bytes are JSON for Socket.IO peers, never HTML embedded in a page, so non-ASCII text (a Chinese chat message)
    /// and <c>&lt; &gt; &amp; ' +</c> go out as they are, as Node's <c>JSON.stringify</c> sends them, instead of the
    /// default encoder's <c>\uXXXX</c>. Quotes, backslashes and control characters are still escaped, so the output
    /// is valid JSON either way; peers decode the same values.
    /// </summary>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
