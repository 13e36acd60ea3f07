using System.Text;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// Parses the text part of one packet from UTF-8: <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][JSON]</c>.
/// Works on spans, allocates only the namespace string (unless it is "/") and the JSON element.
/// </summary>
internal static class SocketTextParser
{
    /// <summary>The header and payload of one packet text; for BINARY_* packets the attachments follow.</summary>
    internal readonly record struct ParsedText(SocketPacketType Type, int AttachmentCount, string Namespace, long? Id, JsonElement? Data);

    public static SocketParseError Parse(ReadOnlySpan<byte> text, int maxAttachments, out ParsedText parsed)
    {
        parsed = default;
        if (text.IsEmpty || text[0] < (byte)'0' || text[0] > (byte)'6')
        {
            return SocketParseError.UnknownType;
        }
        var type = (SocketPacketType)(text[0] - '0');
        var rest = text[1..];

        var attachments = 0;
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            var error = ParseAttachmentCount(ref rest, maxAttachments, out attachments);
            if (error != SocketParseError.None)
            {
                return error;
            }
        }

        var @namespace = SocketPacket.MainNamespace;
        if (!rest.IsEmpty && rest[0] == (byte)'/')
        {
            var comma = rest.IndexOf((byte)',');
            var end = comma < 0 ? rest.Length : comma;
            @namespace = end == 1 ? SocketPacket.MainNamespace : Encoding.UTF8.GetString(rest[..end]);
            rest = comma < 0 ? [] : rest[(comma + 1)..];
        }

        long? id = null;
        if (!rest.IsEmpty && IsDigit(rest[0]))
        {
            if (!TryParseAckId(ref rest, out var ackId))
            {
                return SocketParseError.InvalidAckId;
            }
            if (type is not (SocketPacketType.Event or SocketPacketType.BinaryEvent or SocketPacketType.Ack or SocketPacketType.BinaryAck))
            {
                // Only events and acks carry ids; a number in front of a CONNECT payload is garbage.
                return SocketParseError.InvalidAckId;
            }
            id = ackId;
        }

        JsonElement? data = null;
        if (!rest.IsEmpty)
        {
            if (!LooksLikeJson(rest))
            {
                return ClassifyGarbage(rest);
            }
            if (!SocketJson.TryParse(rest, out var element))
            {
                return SocketParseError.InvalidJson;
            }
            data = element;
        }

        if (!SocketPayloadRules.IsValid(type, data))
        {
            return SocketParseError.InvalidPayload;
        }
        if (type is SocketPacketType.Ack && id is null || type is SocketPacketType.BinaryAck && id is null)
        {
            // An ACK answers an id; without one there is nothing to answer.
            return SocketParseError.InvalidAckId;
        }
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            var error = SocketPlaceholders.Validate(data!.Value, attachments);
            if (error != SocketParseError.None)
            {
                return error;
            }
        }

        parsed = new ParsedText(type, attachments, @namespace, id, data);
        return SocketParseError.None;
    }

    // "<digits>-": the reference (4.2.7) refuses a missing dash, a non-number, 0 (a binary packet without
    // attachments), and more than maxAttachments.
    private static SocketParseError ParseAttachmentCount(ref ReadOnlySpan<byte> rest, int maxAttachments, out int count)
    {
        count = 0;
        var dash = rest.IndexOf((byte)'-');
        if (dash <= 0)
        {
            return SocketParseError.InvalidAttachmentCount;
        }
        long value = 0;
        foreach (var c in rest[..dash])
        {
            if (!IsDigit(c))
            {
                return SocketParseError.InvalidAttachmentCount;
            }
            value = value * 10 + (c - '0');
            if (value > maxAttachments)
            {
                return SocketParseError.TooManyAttachments;
            }
        }
        if (value == 0)
        {
            return SocketParseError.InvalidAttachmentCount;
        }
        count = (int)value;
        rest = rest[(dash + 1)..];
        return SocketParseError.None;
    }

    private static bool TryParseAckId(ref ReadOnlySpan<byte> rest, out long id)
    {
        id = 0;
        var length = 0;
        while (length < rest.Length && IsDigit(rest[length]))
        {
            id = id * 10 + (rest[length] - '0');
            length++;
            if (id > SocketPacketLimits.MaxAckId)
            {
                // Checked every digit, so the value never overflows a long.
                return false;
            }
        }
        rest = rest[length..];
        // Digits followed by a letter ("12abc[...]") are not an ack id either.
        return rest.IsEmpty || !IsAsciiLetter(rest[0]);
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> rest) =>
        rest[0] is (byte)'[' or (byte)'{' or (byte)'"' or (byte)'-' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'
        || rest.StartsWith("true"u8) || rest.StartsWith("false"u8) || rest.StartsWith("null"u8);

    // What went wrong when the payload does not start like JSON: "admin,[...]" is a namespace without its "/",
    // "abc[...]" an ack id that is not a number; anything else is simply not JSON.
    private static SocketParseError ClassifyGarbage(ReadOnlySpan<byte> rest)
    {
        var comma = rest.IndexOf((byte)',');
        var json = rest.IndexOfAny((byte)'[', (byte)'{', (byte)'"');
        if (comma >= 0 && (json < 0 || comma < json))
        {
            return SocketParseError.InvalidNamespace;
        }
        return IsAsciiLetter(rest[0]) ? SocketParseError.InvalidAckId : SocketParseError.InvalidJson;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsAsciiLetter(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';
}
