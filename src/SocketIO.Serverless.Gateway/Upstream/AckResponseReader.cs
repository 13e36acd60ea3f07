using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Reads the ACK packet a user-event function answers with (text, or the binary payload format).</summary>
internal static class AckResponseReader
{
    public static bool TryRead(string body, int maxAttachments, [NotNullWhen(true)] out SocketAck? ack, [NotNullWhen(false)] out string? error)
    {
        ack = null;
        if (!ServerlessPacketCodec.TryDecode(body, out var packet, out error, maxAttachments))
        {
            return false;
        }

        if (!packet.IsAck)
        {
            error = $"the answer is a {packet.Type} packet; only an ACK packet (43[...] or 46...) can answer an event";
            return false;
        }

        var arguments = packet.Data is { ValueKind: JsonValueKind.Array } data ? data : EmptyArray;
        ack = new SocketAck(arguments, packet.Attachments);
        return true;
    }

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();
}
