using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>What a client answered to <c>EmitWithAckAsync</c>: its ack callback's arguments, by position.</summary>
public sealed class SocketIOAck
{
    private readonly SocketArguments _arguments;
    private readonly JsonSerializerOptions _options;

    internal SocketIOAck(SocketArguments arguments, JsonSerializerOptions options)
    {
        _arguments = arguments;
        _options = options;
    }

    public int ArgumentCount => _arguments.Count;

    public IReadOnlyList<JsonElement> Arguments => _arguments;

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _arguments.Attachments;

    /// <summary>Argument <paramref name="index"/> as <typeparamref name="T"/> (binary values resolved as in
    /// <see cref="SocketIOEvent.Arg{T}"/>), or default when the client sent fewer.</summary>
    public T? Arg<T>(int index) => index >= 0 && index < _arguments.Count ? _arguments.Get<T>(index, _options) : default;
}
