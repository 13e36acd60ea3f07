using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// Encodes packets as the reference encoder does: <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][JSON]</c>,
/// the main namespace "/" omitted. An EVENT/ACK with attachments goes out as BINARY_EVENT/BINARY_ACK, and a
/// BINARY_* without attachments as a plain EVENT/ACK (the reference decoder refuses "50-").
/// The JSON payload is copied verbatim from the element's UTF-8 (no re-serialization, no re-escaping).
/// </summary>
public static class SocketPacketEncoder
{
    // Type digit, up to 10 digits of attachment count, '-', ',', and up to 19 digits of ack id.
    private const int MaxFixedHeaderLength = 1 + 10 + 1 + 1 + 19;

    /// <summary>Encodes a packet. Throws <see cref="ArgumentException"/> for a packet no peer could decode
    /// (a namespace without "/", a negative ack id, attachments on a packet type that cannot carry them,
    /// placeholders that do not match the attachments).</summary>
    public static EncodedSocketPacket Encode(SocketPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var type = EffectiveType(packet);
        var @namespace = string.IsNullOrEmpty(packet.Namespace) ? SocketPacket.MainNamespace : packet.Namespace;
        if (@namespace[0] != '/')
        {
            throw new ArgumentException($"Namespace '{@namespace}' must start with '/'.", nameof(packet));
        }
        if (packet.Id is < 0)
        {
            throw new ArgumentException("An ack id cannot be negative.", nameof(packet));
        }
        var attachments = packet.Attachments ?? SocketPacket.NoAttachments;
        var payload = RawPayload(packet.Data);
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck && packet.Data is { } data
            && SocketPlaceholders.Validate(data, attachments.Count) != SocketParseError.None)
        {
            throw new ArgumentException("The placeholders of the payload do not match its attachments.", nameof(packet));
        }

        var maxLength = MaxFixedHeaderLength + @namespace.Length + Encoding.UTF8.GetMaxCharCount(payload.Length);
        var buffer = ArrayPool<char>.Shared.Rent(maxLength);
        try
        {
            var written = WriteText(buffer, type, attachments.Count, @namespace, packet.Id, payload);
            return new EncodedSocketPacket(new string(buffer, 0, written), attachments);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Encodes a packet's text only (no attachments), e.g. for a log line or a packet known to be plain.</summary>
    public static string EncodeText(SocketPacket packet) => Encode(packet).Text;

    private static SocketPacketType EffectiveType(SocketPacket packet)
    {
        var hasAttachments = packet.Attachments is { Count: > 0 };
        return packet.Type switch
        {
            SocketPacketType.Event or SocketPacketType.BinaryEvent => hasAttachments ? SocketPacketType.BinaryEvent : SocketPacketType.Event,
            SocketPacketType.Ack or SocketPacketType.BinaryAck => hasAttachments ? SocketPacketType.BinaryAck : SocketPacketType.Ack,
            _ when hasAttachments => throw new ArgumentException($"A {packet.Type} packet cannot carry attachments.", nameof(packet)),
            _ when Enum.IsDefined(packet.Type) => packet.Type,
            _ => throw new ArgumentException($"Unknown packet type {(int)packet.Type}.", nameof(packet)),
        };
    }

    private static ReadOnlySpan<byte> RawPayload(JsonElement? data) =>
        data is { ValueKind: not JsonValueKind.Undefined } element ? JsonMarshal.GetRawUtf8Value(element) : [];

    private static int WriteText(Span<char> buffer, SocketPacketType type, int attachmentCount, string @namespace, long? id, ReadOnlySpan<byte> payload)
    {
        var position = 0;
        buffer[position++] = (char)('0' + (int)type);
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            attachmentCount.TryFormat(buffer[position..], out var digits, provider: CultureInfo.InvariantCulture);
            position += digits;
            buffer[position++] = '-';
        }
        if (@namespace != SocketPacket.MainNamespace)
        {
            @namespace.CopyTo(buffer[position..]);
            position += @namespace.Length;
            buffer[position++] = ',';
        }
        if (id is { } ackId)
        {
            ackId.TryFormat(buffer[position..], out var digits, provider: CultureInfo.InvariantCulture);
            position += digits;
        }
        position += Encoding.UTF8.GetChars(payload, buffer[position..]);
        return position;
    }
}
