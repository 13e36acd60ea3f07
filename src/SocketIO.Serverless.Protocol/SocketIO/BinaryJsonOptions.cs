using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>Options with the placeholder converters added, cached per caller options (building options is costly).</summary>
internal static class BinaryJsonOptions
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Cache = new();

    /// <summary>The default: web conventions (camelCase, as JavaScript peers expect).</summary>
    public static JsonSerializerOptions Default { get; } = WithConverters(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions For(JsonSerializerOptions? options) =>
        options is null ? Default : Cache.GetValue(options, static o => WithConverters(new JsonSerializerOptions(o)));

    private static JsonSerializerOptions WithConverters(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new PlaceholderConverter<byte[]>(bytes => bytes, memory => memory.ToArray()));
        options.Converters.Insert(1, new PlaceholderConverter<ReadOnlyMemory<byte>>(memory => memory, memory => memory));
        options.Converters.Insert(2, new PlaceholderConverter<Memory<byte>>(memory => memory, memory => memory.ToArray()));
        options.Converters.Insert(3, new PlaceholderConverter<ArraySegment<byte>>(segment => segment, memory => new ArraySegment<byte>(memory.ToArray())));
        options.Converters.Insert(4, new StreamPlaceholderConverterFactory());
        // Payloads are JSON for Socket.IO peers, never HTML: non-ASCII text (Chinese chat) stays as it is unless
        // the caller chose an encoder.
        options.Encoder ??= JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
