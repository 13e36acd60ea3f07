using System.Text.Json;

namespace SocketIO.Serverless.Gateway.Applications;

/// <summary>An event received from a client.</summary>
/// <param name="Name">The event name, the first element of the packet's data array.</param>
/// <param name="Arguments">The remaining elements, as a JSON array; binary arguments appear as
/// <c>{"_placeholder":true,"num":N}</c> pointing into <paramref name="Attachments"/>.</param>
/// <param name="Attachments">The binary attachments, in order.</param>
/// <param name="AckId">The ack id when the client asked for an acknowledgement.</param>
/// <param name="PacketText">The Engine.IO text of the packet as received, e.g. <c>42/admin,13["admin command",{"x":1}]</c>
/// or <c>451-["file",{"_placeholder":true,"num":0}]</c> (the upstream forwards it as the managed service does).</param>
public sealed record SocketEvent(
    string Name,
    JsonElement Arguments,
    IReadOnlyList<ReadOnlyMemory<byte>> Attachments,
    long? AckId,
    string PacketText);

/// <summary>Arguments of an acknowledgement, in either direction: a JSON array with placeholders, and the attachments they point to.</summary>
public sealed record SocketAck(JsonElement Arguments, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    public static SocketAck FromJson(JsonElement arguments) => new(arguments, []);
}
