using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>
/// One Engine.IO packet in text form: a WebSocket text frame or one polling payload record (<c>"4hello"</c>,
/// <c>"2probe"</c>, <c>"6"</c>, and <c>"b"</c>+base64 for a binary message). Binary WebSocket frames are always a
/// "message" packet. Decoding never throws: malformed input yields an <see cref="EngineParseError"/>.
/// </summary>
public static class EnginePacketCodec
{
    /// <summary>Prefix of a base64-encoded binary message in text form.</summary>
    public const char BinaryPrefix = 'b';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text form: the type digit then the text, or <c>b</c>+base64 for a binary message.</summary>
    public static string EncodeText(in EnginePacket packet)
    {
        if (packet.IsBinary)
        {
            var bytes = packet.Binary;
            return string.Create(1 + Base64Length(bytes.Length), bytes, static (chars, data) =>
            {
                chars[0] = BinaryPrefix;
                Convert.TryToBase64Chars(data.Span, chars[1..], out _);
            });
        }

        var text = packet.Text!;
        return string.Create(1 + text.Length, (packet.Type, text), static (chars, state) =>
        {
            chars[0] = TypeChar(state.Type);
            state.text.AsSpan().CopyTo(chars[1..]);
        });
    }

    /// <summary>Writes the text form as UTF-8, without an intermediate string (for WebSocket frames and polling bodies).</summary>
    public static int WriteUtf8(in EnginePacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (packet.IsBinary)
        {
            var source = packet.Binary.Span;
            var length = 1 + Base64.GetMaxEncodedToUtf8Length(source.Length);
            var span = output.GetSpan(length);
            span[0] = (byte)BinaryPrefix;
            Base64.EncodeToUtf8(source, span[1..], out _, out var written);
            output.Advance(1 + written);
            return 1 + written;
        }

        var text = packet.Text!;
        var byteCount = 1 + Encoding.UTF8.GetByteCount(text);
        var destination = output.GetSpan(byteCount);
        destination[0] = (byte)TypeChar(packet.Type);
        Encoding.UTF8.GetBytes(text, destination[1..]);
        output.Advance(byteCount);
        return byteCount;
    }

    /// <summary>Decodes one text frame or polling record.</summary>
    public static bool TryDecodeText(ReadOnlySpan<char> frame, out EnginePacket packet, out EngineParseError error)
    {
        packet = default;
        if (frame.IsEmpty)
        {
            error = EngineParseError.Empty;
            return false;
        }

        var first = frame[0];
        if (first == BinaryPrefix)
        {
            return TryDecodeBase64(frame[1..], out packet, out error);
        }

        if (!TryParseType(first, out var type))
        {
            error = EngineParseError.UnknownType;
            return false;
        }

        packet = EnginePacket.Of(type, frame.Length == 1 ? string.Empty : new string(frame[1..]));
        error = EngineParseError.None;
        return true;
    }

    /// <summary>Decodes one text frame or polling record given as UTF-8 bytes; invalid UTF-8 is an error.</summary>
    public static bool TryDecodeText(ReadOnlySpan<byte> utf8Frame, out EnginePacket packet, out EngineParseError error)
    {
        packet = default;
        if (utf8Frame.IsEmpty)
        {
            error = EngineParseError.Empty;
            return false;
        }

        var first = utf8Frame[0];
        if (first == (byte)BinaryPrefix)
        {
            return TryDecodeBase64(utf8Frame[1..], out packet, out error);
        }

        if (!TryParseType((char)first, out var type))
        {
            error = Utf8.IsValid(utf8Frame) ? EngineParseError.UnknownType : EngineParseError.InvalidUtf8;
            return false;
        }

        var rest = utf8Frame[1..];
        if (!Utf8.IsValid(rest))
        {
            error = EngineParseError.InvalidUtf8;
            return false;
        }

        packet = EnginePacket.Of(type, rest.IsEmpty ? string.Empty : StrictUtf8.GetString(rest));
        error = EngineParseError.None;
        return true;
    }

    /// <summary>A binary WebSocket frame: always a binary "message" packet.</summary>
    public static EnginePacket DecodeBinaryFrame(ReadOnlyMemory<byte> frame) => EnginePacket.BinaryMessage(frame);

    /// <summary>The digit that starts the text form of a packet of this type.</summary>
    public static char TypeChar(EnginePacketType type) => (char)('0' + (byte)type);

    private static bool TryParseType(char c, out EnginePacketType type)
    {
        var value = c - '0';
        if (value is >= 0 and <= (int)EnginePacketType.Noop)
        {
            type = (EnginePacketType)value;
            return true;
        }

        type = default;
        return false;
    }

    private static int Base64Length(int byteCount) => (byteCount + 2) / 3 * 4;

    private static bool TryDecodeBase64(ReadOnlySpan<char> base64, out EnginePacket packet, out EngineParseError error)
    {
        packet = default;
        // Base64.IsValid tolerates whitespace; the protocol has none, so it is rejected as malformed.
        if (base64.IndexOfAny(" \t\r\n") >= 0 || !Base64.IsValid(base64, out var length))
        {
            error = EngineParseError.InvalidBase64;
            return false;
        }

        var bytes = new byte[length];
        if (!Convert.TryFromBase64Chars(base64, bytes, out var written) || written != length)
        {
            error = EngineParseError.InvalidBase64;
            return false;
        }

        packet = EnginePacket.BinaryMessage(bytes);
        error = EngineParseError.None;
        return true;
    }

    private static bool TryDecodeBase64(ReadOnlySpan<byte> base64, out EnginePacket packet, out EngineParseError error)
    {
        packet = default;
        if (base64.IndexOfAny(" \t\r\n"u8) >= 0 || !Base64.IsValid(base64, out var length))
        {
            error = base64.ContainsAnyInRange((byte)0x80, (byte)0xFF) && !Utf8.IsValid(base64)
                ? EngineParseError.InvalidUtf8
                : EngineParseError.InvalidBase64;
            return false;
        }

        var bytes = new byte[length];
        if (Base64.DecodeFromUtf8(base64, bytes, out _, out var written) != OperationStatus.Done || written != length)
        {
            error = EngineParseError.InvalidBase64;
            return false;
        }

        packet = EnginePacket.BinaryMessage(bytes);
        error = EngineParseError.None;
        return true;
    }
}
