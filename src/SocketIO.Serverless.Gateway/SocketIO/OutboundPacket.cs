using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// A packet encoded once into its Engine.IO messages (the text part, then one binary message per attachment),
/// so a broadcast encodes once however many sockets it reaches.
/// </summary>
internal sealed class OutboundPacket
{
    private OutboundPacket(EngineMessage[] messages, string? offset)
    {
        Messages = messages;
        Offset = offset;
    }

    public EngineMessage[] Messages { get; }

    /// <summary>The connection state recovery offset the packet carries as its last argument, if any (docs/recovery.md).</summary>
    public string? Offset { get; }

    public static OutboundPacket From(SocketPacket packet, string? offset = null)
    {
        var encoded = SocketPacketEncoder.Encode(packet);
        var messages = new EngineMessage[1 + encoded.Attachments.Count];
        messages[0] = EngineMessage.FromText(encoded.Text);
        for (var i = 0; i < encoded.Attachments.Count; i++)
        {
            messages[i + 1] = EngineMessage.FromBinary(encoded.Attachments[i]);
        }

        return new OutboundPacket(messages, offset);
    }

    /// <summary>A packet another gateway encoded (scale-out): its messages as they are, not encoded again.</summary>
    public static OutboundPacket FromMessages(EngineMessage[] messages, string? offset = null) => new(messages, offset);
}
