using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>An event as an in-process handler sees it: its arguments, and the ack callback when the client asked for one.</summary>
public sealed class InProcessEvent
{
    private readonly SocketEvent _event;

    internal InProcessEvent(InProcessSocket socket, SocketEvent socketEvent)
    {
        Socket = socket;
        _event = socketEvent;
    }

    public InProcessSocket Socket { get; }

    public string Name => _event.Name;

    /// <summary>The arguments as a JSON array, binary ones as placeholders into <see cref="Attachments"/>.</summary>
    public JsonElement Arguments => _event.Arguments;

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _event.Attachments;

    public int Count => Arguments.GetArrayLength();

    /// <summary>Whether the client passed an ack callback.</summary>
    public bool WantsAck => _event.AckId is not null;

    /// <summary>The ack to send, once a handler called <see cref="Ack"/>.</summary>
    public SocketAck? AckValue { get; private set; }

    /// <summary>Argument <paramref name="index"/> as <typeparamref name="T"/>: binary placeholders at any depth become
    /// <c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, ... or <c>Stream</c> (see <see cref="SocketBinary.Deserialize{T}"/>).</summary>
    public T? Arg<T>(int index) => SocketBinary.Deserialize<T>(Arguments[index], Attachments);

    /// <summary>Calls the client's ack callback with <paramref name="arguments"/> (the first call wins, as in Socket.IO).</summary>
    public void Ack(params object?[] arguments)
    {
        if (AckValue is null)
        {
            var payload = SocketBinary.CreateArguments(arguments);
            AckValue = new SocketAck(payload.Data, payload.Attachments);
        }
    }

    /// <summary>Acks with exactly the arguments (and attachments) the client sent.</summary>
    public void AckWithArguments() => AckValue ??= new SocketAck(Arguments, Attachments);
}
