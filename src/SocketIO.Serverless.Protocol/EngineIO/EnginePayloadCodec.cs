using System.Buffers;
using System.Text;

namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>
/// The HTTP long-polling body: packets in text form separated by the record separator <c>'\x1e'</c>, binary
/// messages as <c>b</c>+base64. Decoding never throws: it stops at the first malformed record and reports why
/// (the records before it stay in the list, as the reference server delivers them before closing).
/// </summary>
public static class EnginePayloadCodec
{
    public const char RecordSeparator = '\x1e';

    private const byte RecordSeparatorByte = 0x1e;

    public static string Encode(IEnumerable<EnginePacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var builder = new StringBuilder();
        foreach (var packet in packets)
        {
            if (builder.Length > 0)
            {
                builder.Append(RecordSeparator);
            }

            if (packet.IsBinary)
            {
                builder.Append(EnginePacketCodec.EncodeText(packet));
            }
            else
            {
                builder.Append(EnginePacketCodec.TypeChar(packet.Type)).Append(packet.Text);
            }
        }

        return builder.ToString();
    }

    /// <summary>Writes the payload as UTF-8 straight into <paramref name="output"/>; returns the byte count.</summary>
    public static long WriteUtf8(IEnumerable<EnginePacket> packets, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packets);
        ArgumentNullException.ThrowIfNull(output);
        long total = 0;
        var first = true;
        foreach (var packet in packets)
        {
            if (!first)
            {
                output.GetSpan(1)[0] = RecordSeparatorByte;
                output.Advance(1);
                total++;
            }

            first = false;
            total += EnginePacketCodec.WriteUtf8(packet, output);
        }

        return total;
    }

    public static bool TryDecode(ReadOnlySpan<char> payload, List<EnginePacket> packets, out EngineParseError error)
    {
        ArgumentNullException.ThrowIfNull(packets);
        while (true)
        {
            var end = payload.IndexOf(RecordSeparator);
            var record = end < 0 ? payload : payload[..end];
            if (!EnginePacketCodec.TryDecodeText(record, out var packet, out error))
            {
                return false;
            }

            packets.Add(packet);
            if (end < 0)
            {
                return true;
            }

            payload = payload[(end + 1)..];
        }
    }

    /// <summary>Decodes a UTF-8 polling body; each record's text must be valid UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8Payload, List<EnginePacket> packets, out EngineParseError error)
    {
        ArgumentNullException.ThrowIfNull(packets);
        // 0x1E never occurs inside a multi-byte UTF-8 sequence, so splitting on the byte is safe.
        while (true)
        {
            var end = utf8Payload.IndexOf(RecordSeparatorByte);
            var record = end < 0 ? utf8Payload : utf8Payload[..end];
            if (!EnginePacketCodec.TryDecodeText(record, out var packet, out error))
            {
                return false;
            }

            packets.Add(packet);
            if (end < 0)
            {
                return true;
            }

            utf8Payload = utf8Payload[(end + 1)..];
        }
    }

    /// <summary>Decodes a UTF-8 polling body read from a pipe.</summary>
    public static bool TryDecode(in ReadOnlySequence<byte> utf8Payload, List<EnginePacket> packets, out EngineParseError error)
    {
        if (utf8Payload.IsSingleSegment)
        {
            return TryDecode(utf8Payload.FirstSpan, packets, out error);
        }

        var length = checked((int)utf8Payload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8Payload.CopyTo(rented);
            return TryDecode(rented.AsSpan(0, length), packets, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
