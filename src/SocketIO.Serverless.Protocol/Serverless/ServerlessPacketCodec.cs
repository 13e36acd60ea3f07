using System.Diagnostics.CodeAnalysis;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// Whole Socket.IO packets to and from HTTP bodies in the <see cref="ServerlessPayload"/> format: what the gateway
/// and the Functions SDK both use for event bodies, ack responses and management sends.
/// </summary>
public static class ServerlessPacketCodec
{
    /// <summary>The body for <paramref name="packet"/>: its Engine.IO text, then its attachments as records.</summary>
    public static string Encode(SocketPacket packet)
    {
        var encoded = SocketPacketEncoder.Encode(packet);
        return ServerlessPayload.Encode(encoded.Text, encoded.Attachments);
    }

    /// <summary>Decodes a body into one complete packet, with a readable reason when it is not one.</summary>
    public static bool TryDecode(string? body, [NotNullWhen(true)] out SocketPacket? packet, [NotNullWhen(false)] out string? error, int maxAttachments = 10_000)
    {
        packet = null;
        if (!ServerlessPayload.TryDecode(body, out var payload, out error))
        {
            return false;
        }

        // One HTTP body, already bounded in size by its reader: only the attachment count is limited here.
        var decoder = new SocketPacketDecoder(maxAttachments, maxAttachmentBytes: long.MaxValue);
        var result = decoder.DecodeText(payload.SocketIOText);
        var used = 0;
        while (result.Status == SocketDecodeStatus.NeedMoreAttachments && used < payload.Attachments.Count)
        {
            result = decoder.DecodeBinary(payload.Attachments[used++]);
        }

        switch (result.Status)
        {
            case SocketDecodeStatus.Error:
                error = $"'{Truncate(payload.SocketIOText)}' is not a valid Socket.IO packet ({result.Error}).";
                return false;
            case SocketDecodeStatus.NeedMoreAttachments:
                error = $"The packet declares more binary attachments than the body carries ({payload.Attachments.Count}).";
                return false;
        }

        if (used != payload.Attachments.Count)
        {
            error = $"The body carries {payload.Attachments.Count} binary attachments but the packet declares {used}.";
            return false;
        }

        packet = result.Packet!;
        return true;
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
