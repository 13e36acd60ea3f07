using System.Buffers;
using System.Text;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Protocol.Tests.EngineIO;

public class EnginePacketCodecTests
{
    public static TheoryData<EnginePacketType, string, string> TextPackets => new()
    {
        { EnginePacketType.Open, "{\"sid\":\"abc\"}", "0{\"sid\":\"abc\"}" },
        { EnginePacketType.Close, "", "1" },
        { EnginePacketType.Ping, "", "2" },
        { EnginePacketType.Ping, "probe", "2probe" },
        { EnginePacketType.Pong, "", "3" },
        { EnginePacketType.Pong, "probe", "3probe" },
        { EnginePacketType.Message, "hello", "4hello" },
        { EnginePacketType.Message, "", "4" },
        { EnginePacketType.Message, "héllo €𝄞", "4héllo €𝄞" },
        { EnginePacketType.Upgrade, "", "5" },
        { EnginePacketType.Noop, "", "6" },
    };

    [Theory]
    [MemberData(nameof(TextPackets))]
    public void Text_packets_encode_to_their_type_digit_then_text(EnginePacketType type, string text, string encoded)
    {
        Assert.Equal(encoded, EnginePacketCodec.EncodeText(EnginePacket.Of(type, text)));

        var writer = new ArrayBufferWriter<byte>();
        var count = EnginePacketCodec.WriteUtf8(EnginePacket.Of(type, text), writer);
        Assert.Equal(encoded, Encoding.UTF8.GetString(writer.WrittenSpan));
        Assert.Equal(writer.WrittenCount, count);
    }

    [Theory]
    [MemberData(nameof(TextPackets))]
    public void Text_packets_decode_from_chars_and_from_utf8(EnginePacketType type, string text, string encoded)
    {
        Assert.True(EnginePacketCodec.TryDecodeText(encoded.AsSpan(), out var fromChars, out var error));
        Assert.Equal(EngineParseError.None, error);
        Assert.Equal(type, fromChars.Type);
        Assert.Equal(text, fromChars.Text);
        Assert.False(fromChars.IsBinary);

        Assert.True(EnginePacketCodec.TryDecodeText(Encoding.UTF8.GetBytes(encoded), out var fromBytes, out error));
        Assert.Equal(EngineParseError.None, error);
        Assert.Equal(type, fromBytes.Type);
        Assert.Equal(text, fromBytes.Text);
    }

    [Fact]
    public void Of_without_text_is_an_empty_text_packet()
    {
        var packet = EnginePacket.Of(EnginePacketType.Noop);
        Assert.Equal(string.Empty, packet.Text);
        Assert.False(packet.IsBinary);
        Assert.Equal("6", EnginePacketCodec.EncodeText(packet));
    }

    [Fact]
    public void Binary_messages_encode_as_b_and_base64()
    {
        var packet = EnginePacket.BinaryMessage(new byte[] { 1, 2, 3, 4 });
        Assert.True(packet.IsBinary);
        Assert.Equal(EnginePacketType.Message, packet.Type);
        Assert.Equal("bAQIDBA==", EnginePacketCodec.EncodeText(packet));

        var writer = new ArrayBufferWriter<byte>();
        EnginePacketCodec.WriteUtf8(packet, writer);
        Assert.Equal("bAQIDBA==", Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Empty_binary_message_round_trips()
    {
        var encoded = EnginePacketCodec.EncodeText(EnginePacket.BinaryMessage(ReadOnlyMemory<byte>.Empty));
        Assert.Equal("b", encoded);
        Assert.True(EnginePacketCodec.TryDecodeText(encoded.AsSpan(), out var packet, out _));
        Assert.True(packet.IsBinary);
        Assert.Equal(0, packet.Binary.Length);
    }

    [Fact]
    public void Base64_records_decode_to_binary_messages_from_chars_and_utf8()
    {
        Assert.True(EnginePacketCodec.TryDecodeText("bAQIDBA==".AsSpan(), out var fromChars, out _));
        Assert.True(fromChars.IsBinary);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, fromChars.Binary.ToArray());

        Assert.True(EnginePacketCodec.TryDecodeText("bAQIDBA=="u8, out var fromBytes, out _));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, fromBytes.Binary.ToArray());
    }

    [Fact]
    public void Binary_frames_are_binary_messages()
    {
        var frame = new byte[] { 0xff, 0x00, 0x34 };
        var packet = EnginePacketCodec.DecodeBinaryFrame(frame);
        Assert.True(packet.IsBinary);
        Assert.Equal(EnginePacketType.Message, packet.Type);
        Assert.Equal(frame, packet.Binary.ToArray());
    }

    [Fact]
    public void Large_binary_round_trips()
    {
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        var encoded = EnginePacketCodec.EncodeText(EnginePacket.BinaryMessage(data));
        Assert.True(EnginePacketCodec.TryDecodeText(encoded.AsSpan(), out var packet, out _));
        Assert.Equal(data, packet.Binary.ToArray());
    }

    [Theory]
    [InlineData("", EngineParseError.Empty)]
    [InlineData("7", EngineParseError.UnknownType)]
    [InlineData("9hello", EngineParseError.UnknownType)]
    [InlineData("abc", EngineParseError.UnknownType)]
    [InlineData("/", EngineParseError.UnknownType)]
    [InlineData("\u001e", EngineParseError.UnknownType)]
    [InlineData("bA", EngineParseError.InvalidBase64)]
    [InlineData("b!!!!", EngineParseError.InvalidBase64)]
    [InlineData("bAQID BA==", EngineParseError.InvalidBase64)]
    [InlineData("bAQIDBA=", EngineParseError.InvalidBase64)]
    [InlineData("bAQIDBA===", EngineParseError.InvalidBase64)]
    public void Malformed_text_is_an_error_not_an_exception(string frame, EngineParseError expected)
    {
        Assert.False(EnginePacketCodec.TryDecodeText(frame.AsSpan(), out var packet, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(default, packet);

        Assert.False(EnginePacketCodec.TryDecodeText(Encoding.UTF8.GetBytes(frame), out _, out error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'4', 0xC3, 0x28 })] // bad continuation byte
    [InlineData(new byte[] { (byte)'4', 0xFF })] // never valid in UTF-8
    [InlineData(new byte[] { (byte)'4', 0xE2, 0x82 })] // truncated sequence
    [InlineData(new byte[] { (byte)'4', 0xED, 0xA0, 0x80 })] // encoded surrogate
    [InlineData(new byte[] { (byte)'2', 0xC0, 0xAF })] // overlong encoding
    [InlineData(new byte[] { 0xC3, 0x28 })] // no type, invalid bytes
    [InlineData(new byte[] { (byte)'b', 0xC3, 0x28 })] // base64 record with invalid bytes
    public void Invalid_utf8_is_an_error(byte[] frame)
    {
        Assert.False(EnginePacketCodec.TryDecodeText(frame, out _, out var error));
        Assert.Equal(EngineParseError.InvalidUtf8, error);
    }
}
