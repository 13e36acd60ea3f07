using System.Text.Json;
using SocketIO.Serverless.Gateway.SocketIO;

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
    string PacketText)
{
    private ArgumentsHolder? _arguments = new(Arguments);
    private JsonElement _packetData;

    /// <summary>
    /// Made from the packet on first read for an event the gateway received (<see cref="FromPacket"/>): the
    /// upstream forwards <see cref="PacketText"/> and never reads them, and slicing them off the packet per event
    /// was measurable.
    /// </summary>
    public JsonElement Arguments
    {
        get
        {
            if (Volatile.Read(ref _arguments) is { } known)
            {
                return known.Value;
            }

            // Two first readers at once may both slice; the results are the same value, and one of them is kept.
            Interlocked.CompareExchange(ref _arguments, new ArgumentsHolder(SocketJsonValues.Rest(_packetData)), null);
            return _arguments!.Value;
        }

        init => _arguments = new ArgumentsHolder(value);
    }

    /// <summary>An event whose <see cref="Arguments"/> are the elements of <paramref name="packetData"/> after the name, sliced when first read.</summary>
    internal static SocketEvent FromPacket(string name, JsonElement packetData, IReadOnlyList<ReadOnlyMemory<byte>> attachments, long? ackId, string packetText)
    {
        var socketEvent = new SocketEvent(name, default, attachments, ackId, packetText);
        socketEvent._packetData = packetData;
        socketEvent._arguments = null;
        return socketEvent;
    }

    private sealed class ArgumentsHolder(JsonElement value)
    {
        public JsonElement Value { get; } = value;
    }
}

/// <summary>Arguments of an acknowledgement, in either direction: a JSON array with placeholders, and the attachments they point to.</summary>
public sealed record SocketAck(JsonElement Arguments, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    public static SocketAck FromJson(JsonElement arguments) => new(arguments, []);
}
