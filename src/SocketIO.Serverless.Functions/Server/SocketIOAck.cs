using System.Text.Json;

namespace SocketIO.Serverless.Functions;

/// <summary>What a client answered to <c>EmitWithAckAsync</c>: its ack callback's arguments, by position.</summary>
public sealed class SocketIOAck
{
    private readonly JsonElement[] _arguments;
    private readonly JsonSerializerOptions _options;

    internal SocketIOAck(JsonElement[] arguments, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
    {
        _arguments = arguments;
        Attachments = attachments;
        _options = options;
    }

    public int ArgumentCount => _arguments.Length;

    public IReadOnlyList<JsonElement> Arguments => _arguments;

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>Argument <paramref name="index"/> as <typeparamref name="T"/>, or default when the client sent fewer.</summary>
    public T? Arg<T>(int index) =>
        index >= 0 && index < _arguments.Length ? SocketIOPayload.ReadArgument<T>(_arguments[index], Attachments, _options) : default;
}
