using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>One binary type as a placeholder (inside a <see cref="BinaryScope"/>) or base64 (outside).</summary>
internal sealed class PlaceholderConverter<T>(Func<T, ReadOnlyMemory<byte>> toBytes, Func<ReadOnlyMemory<byte>, T> fromBytes) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => fromBytes(BinaryScope.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => BinaryScope.Write(writer, toBytes(value));
}

/// <summary>
/// Streams: any stream is written from its position to its end (read synchronously, as serialization is);
/// an attachment reads as a read-only <see cref="MemoryStream"/> over its bytes, for <see cref="Stream"/> or
/// <see cref="MemoryStream"/> targets.
/// </summary>
internal sealed class StreamPlaceholderConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(Stream).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private static ReadOnlyMemory<byte> ReadToEnd(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static MemoryStream ReadOnlyStream(ReadOnlyMemory<byte> bytes) =>
        // No copy when the attachment is an array: the stream is read-only and does not expose its buffer.
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private sealed class Converter<TStream> : JsonConverter<TStream>
        where TStream : Stream
    {
        public override TStream Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadOnlyStream(BinaryScope.Read(ref reader)) as TStream
            ?? throw new JsonException($"Binary values read as Stream or MemoryStream, not {typeof(TStream).Name}.");

        public override void Write(Utf8JsonWriter writer, TStream value, JsonSerializerOptions options) => BinaryScope.Write(writer, ReadToEnd(value));
    }
}
