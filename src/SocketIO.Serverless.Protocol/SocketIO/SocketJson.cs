using System.Buffers;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>Small JSON helpers shared by the codec: strict parsing of untrusted bytes, building elements.</summary>
internal static class SocketJson
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = SocketPacketLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses exactly one JSON value (surrounding whitespace allowed, as JSON.parse does). Never throws:
    /// malformed, unterminated, too deep or trailing-garbage input returns false.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonElement element)
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

    /// <summary>Builds a standalone element (it owns its memory; nothing to dispose) with a writer.</summary>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
