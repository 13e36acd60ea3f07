using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Socket.IO packets as HTTP bodies between the gateway and functions (<see cref="ServerlessPayload"/>): the
/// packet's Engine.IO text (<c>42/admin,13["x"]</c>), followed, for a binary packet, by one <c>b&lt;base64&gt;</c>
/// record per attachment, separated by <c>\x1e</c>.
/// </summary>
internal static class SocketIOWire
{
    public const string BodyContentType = ServerlessPayload.ContentType;

    public static string EncodeBody(SocketPacket packet)
    {
        var encoded = SocketPacketEncoder.Encode(packet);
        return ServerlessPayload.Encode(encoded.Text, encoded.Attachments);
    }

    /// <summary>Decodes a body into one complete Socket.IO packet, or throws a 400 <see cref="SocketIORequestException"/> saying why.</summary>
    public static SocketPacket DecodeBody(string body)
    {
        if (!ServerlessPayload.TryDecode(body, out var payload, out var error))
        {
            throw new SocketIORequestException(error);
        }

        // The body comes from the gateway, whose own limits already bound it: no reference default here.
        var decoder = new SocketPacketDecoder(maxAttachments: 10_000, maxAttachmentBytes: long.MaxValue);
        var result = decoder.DecodeText(payload.SocketIOText);
        var next = 0;
        for (; next < payload.Attachments.Count && result.Status == SocketDecodeStatus.NeedMoreAttachments; next++)
        {
            result = decoder.DecodeBinary(payload.Attachments[next]);
        }

        if (result.Status == SocketDecodeStatus.Complete && next < payload.Attachments.Count)
        {
            throw new SocketIORequestException($"The body has {payload.Attachments.Count - next} attachment(s) more than its packet declares.");
        }

        return result.Status switch
        {
            SocketDecodeStatus.Complete => result.Packet!,
            SocketDecodeStatus.NeedMoreAttachments => throw new SocketIORequestException("The body lacks some of its packet's binary attachments."),
            _ => throw new SocketIORequestException($"The body is not a valid Socket.IO packet ({result.Error})."),
        };
    }
}
