using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// One Socket.IO packet. Data is the JSON payload (for EVENT/ACK a JSON array; for CONNECT the auth object or
/// null; for CONNECT_ERROR {"message":..,"data":..}). Binary arguments stay as {"_placeholder":true,"num":N}
/// placeholders inside Data, and Attachments holds the bytes, in order: the server forwards packets, it never
/// needs the arguments as .NET objects (see <see cref="SocketBinary"/> for those who do).
/// </summary>
public sealed record SocketPacket(
    SocketPacketType Type,
    string Namespace,
    long? Id,
    JsonElement? Data,
    IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    /// <summary>The main namespace, which the text form omits.</summary>
    public const string MainNamespace = "/";

    internal static readonly IReadOnlyList<ReadOnlyMemory<byte>> NoAttachments = [];

    /// <summary>An EVENT, or a BINARY_EVENT when there are attachments. Data is the array [name, ...args].</summary>
    public static SocketPacket Event(string @namespace, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, long? id = null) =>
        new(attachments.Count > 0 ? SocketPacketType.BinaryEvent : SocketPacketType.Event, @namespace, id, data, attachments);

    /// <summary>An ACK, or a BINARY_ACK when there are attachments. Data is the array of the ack's arguments.</summary>
    public static SocketPacket Ack(string @namespace, long id, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        new(attachments.Count > 0 ? SocketPacketType.BinaryAck : SocketPacketType.Ack, @namespace, id, data, attachments);

    /// <summary>A CONNECT: from a client, data is its auth payload; from the server, {"sid":"..."}.</summary>
    public static SocketPacket Connect(string @namespace, JsonElement? data) =>
        new(SocketPacketType.Connect, @namespace, null, data, NoAttachments);

    /// <summary>A CONNECT_ERROR with the payload {"message":message,"data":data} the client's connect_error gets.</summary>
    public static SocketPacket ConnectError(string @namespace, string message, JsonElement? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = SocketJson.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (data is { ValueKind: not JsonValueKind.Undefined } value)
            {
                writer.WritePropertyName("data");
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        });
        return new(SocketPacketType.ConnectError, @namespace, null, payload, NoAttachments);
    }

    /// <summary>A DISCONNECT of the namespace.</summary>
    public static SocketPacket Disconnect(string @namespace) =>
        new(SocketPacketType.Disconnect, @namespace, null, null, NoAttachments);

    /// <summary>True for BINARY_EVENT and BINARY_ACK.</summary>
    public bool IsBinary => Type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck;

    /// <summary>True for EVENT and BINARY_EVENT.</summary>
    public bool IsEvent => Type is SocketPacketType.Event or SocketPacketType.BinaryEvent;

    /// <summary>True for ACK and BINARY_ACK.</summary>
    public bool IsAck => Type is SocketPacketType.Ack or SocketPacketType.BinaryAck;

    /// <summary>
    /// The event name: the first element of Data for EVENT/BINARY_EVENT when it is a string. The reference parser
    /// also accepts a number there (JavaScript event emitters key listeners by its string form), so a number is
    /// returned as its JSON text. Null for other packets or shapes.
    /// </summary>
    public string? EventName => IsEvent && Data is { } data ? SocketPayloadRules.TryGetEventName(data) : null;
}
