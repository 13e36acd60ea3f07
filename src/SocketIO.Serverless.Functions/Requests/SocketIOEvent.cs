using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;
using SocketIO.Serverless.Protocol.EngineIO;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// An event a client emitted: <c>socket.emit(name, ...args[, ack])</c>. Read the arguments by position with
/// <see cref="Arg{T}"/> and answer with <see cref="Ack"/> (what the client's ack callback receives) or <see cref="SocketIORequest.Done"/>.
/// </summary>
public sealed class SocketIOEvent : SocketIORequest
{
    private readonly SocketArguments _arguments;

    internal SocketIOEvent(SocketIOSocket socket, string cloudEventType, string? cloudEventId, string name, SocketArguments arguments, long? ackId)
        : base(socket, name, cloudEventType, cloudEventId)
    {
        _arguments = arguments;
        AckId = ackId;
    }

    /// <summary>The event name, e.g. <c>message</c> or <c>admin command</c>.</summary>
    public string Name => EventName;

    /// <summary>How many arguments came after the name (an ack callback is not one).</summary>
    public int ArgumentCount => _arguments.Count;

    /// <summary>The raw arguments; binary ones are <c>{"_placeholder":true,"num":N}</c> pointing into <see cref="Attachments"/>.</summary>
    public IReadOnlyList<JsonElement> Arguments => _arguments;

    /// <summary>The binary attachments of a binary event, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _arguments.Attachments;

    /// <summary>The client passed an ack callback and waits for <see cref="Ack"/>.</summary>
    public bool AckRequested => AckId is not null;

    /// <summary>The packet's ack id, when <see cref="AckRequested"/>.</summary>
    public long? AckId { get; }

    /// <summary>Whether argument <paramref name="index"/> was sent.</summary>
    public bool HasArg(int index) => index >= 0 && index < _arguments.Count;

    /// <summary>
    /// Argument <paramref name="index"/> as <typeparamref name="T"/> (System.Text.Json with the SDK's options), or
    /// <c>default</c> when the client sent fewer arguments (JavaScript's <c>undefined</c>). Binary arguments read as
    /// <c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, <c>Memory&lt;byte&gt;</c>, <c>ArraySegment&lt;byte&gt;</c> or <c>Stream</c>,
    /// also as properties of a record, at any depth.
    /// </summary>
    /// <exception cref="SocketIOArgumentException">The argument is there but does not convert to <typeparamref name="T"/>.</exception>
    public T? Arg<T>(int index)
    {
        if (!HasArg(index))
        {
            return default;
        }

        try
        {
            return _arguments.Get<T>(index, Socket.SerializerOptions);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new SocketIOArgumentException(
                $"Argument {index} of event '{Name}' is not a {typeof(T).Name}: {Truncate(_arguments[index].GetRawText())}", e);
        }
    }

    /// <summary>The bytes of binary argument <paramref name="index"/>, or null when it is missing or not binary.</summary>
    public byte[]? ArgBytes(int index) => HasArg(index) && _arguments.TryGetBytes(index, out var bytes) ? bytes.ToArray() : null;

    /// <summary>
    /// Answers the client's ack callback with <paramref name="arguments"/> (binary values allowed, at any depth).
    /// When the client asked for no ack this answers 204 and the values are dropped, as Socket.IO would.
    /// </summary>
    public SocketIOResult Ack(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (AckId is not { } id)
        {
            return Done();
        }

        var payload = SocketBinary.CreateArguments(arguments, Socket.SerializerOptions);
        var packet = SocketPacket.Ack(Namespace, id, payload.Data, payload.Attachments);
        return new SocketIOResult(this, StatusCodes.Status200OK, ServerlessPacketCodec.Encode(packet), ServerlessPayload.ContentType);
    }

    public static new async Task<SocketIOEvent> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOEvent>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    public static new async Task<SocketIOEvent> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOEvent>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>An event argument that is present but does not convert to the requested type.</summary>
public sealed class SocketIOArgumentException : Exception
{
    public SocketIOArgumentException()
    {
    }

    public SocketIOArgumentException(string message)
        : base(message)
    {
    }

    public SocketIOArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
