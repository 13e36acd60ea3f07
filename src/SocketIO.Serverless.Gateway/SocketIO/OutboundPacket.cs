using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// A packet encoded once into its Engine.IO messages (the text part, then one binary message per attachment),
/// so a broadcast encodes once however many sockets it reaches.
/// </summary>
internal sealed class OutboundPacket
{
    private OutboundPacket(EngineMessage[] messages)
    {
        Messages = messages;
    }

    public EngineMessage[] Messages { get; }

    public static OutboundPacket From(SocketPacket packet)
    {
        var encoded = SocketPacketEncoder.Encode(packet);
        var messages = new EngineMessage[1 + encoded.Attachments.Count];
        messages[0] = EngineMessage.FromText(encoded.Text);
        for (var i = 0; i < encoded.Attachments.Count; i++)
        {
            messages[i + 1] = EngineMessage.FromBinary(encoded.Attachments[i]);
        }

        return new OutboundPacket(messages);
    }

    /// <summary>A packet another gateway encoded (scale-out): its messages as they are, not encoded again.</summary>
    public static OutboundPacket FromMessages(EngineMessage[] messages) => new(messages);
}
