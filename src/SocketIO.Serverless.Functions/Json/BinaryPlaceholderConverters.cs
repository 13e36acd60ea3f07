using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>Writes <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> and <see cref="Memory{T}"/> of bytes as attachments.</summary>
internal sealed class BinaryPlaceholderConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(byte[]) || typeToConvert == typeof(ReadOnlyMemory<byte>) || typeToConvert == typeof(Memory<byte>)
        || typeToConvert == typeof(ArraySegment<byte>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        if (typeToConvert == typeof(byte[]))
        {
            return new Converter<byte[]>(bytes => bytes, memory => memory.ToArray());
        }

        if (typeToConvert == typeof(Memory<byte>))
        {
            return new Converter<Memory<byte>>(memory => memory, memory => memory.ToArray());
        }

        if (typeToConvert == typeof(ArraySegment<byte>))
        {
            return new Converter<ArraySegment<byte>>(segment => segment, memory => new ArraySegment<byte>(memory.ToArray()));
        }

        return new Converter<ReadOnlyMemory<byte>>(memory => memory, memory => memory);
    }

    private sealed class Converter<T>(Func<T, ReadOnlyMemory<byte>> toMemory, Func<ReadOnlyMemory<byte>, T> fromMemory) : JsonConverter<T>
    {
        // Reading: placeholders were already replaced by base64 strings (see SocketIOPayload.ReadArgument).
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            fromMemory(reader.GetBytesFromBase64());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var memory = toMemory(value);
            if (BinaryCollector.Current is { } attachments)
            {
                SocketPlaceholders.Write(writer, attachments.Count);
                attachments.Add(memory);
            }
            else
            {
                writer.WriteBase64StringValue(memory.Span);
            }
        }
    }
}
