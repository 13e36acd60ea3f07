using System.Buffers;
using System.Text;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Protocol.Tests.EngineIO;

public class EnginePayloadCodecTests
{
    private static readonly EnginePacket[] Mixed =
    [
        EnginePacket.Message("hello"),
        EnginePacket.BinaryMessage(new byte[] { 1, 2, 3, 4 }),
        EnginePacket.Of(EnginePacketType.Ping),
        EnginePacket.Message("€"),
    ];

    private const string MixedEncoded = "4hello\u001ebAQIDBA==\u001e2\u001e4€";

    [Fact]
    public void Encodes_text_and_binary_records_separated_by_0x1e()
    {
        Assert.Equal(MixedEncoded, EnginePayloadCodec.Encode(Mixed));

        var writer = new ArrayBufferWriter<byte>();
        var count = EnginePayloadCodec.WriteUtf8(Mixed, writer);
        Assert.Equal(MixedEncoded, Encoding.UTF8.GetString(writer.WrittenSpan));
        Assert.Equal(writer.WrittenCount, count);
    }

    [Fact]
    public void One_packet_is_a_payload_without_separator()
    {
        Assert.Equal("4hello", EnginePayloadCodec.Encode([EnginePacket.Message("hello")]));
        Assert.Equal(string.Empty, EnginePayloadCodec.Encode([]));
    }

    [Fact]
    public void Decodes_from_chars()
    {
        var packets = new List<EnginePacket>();
        Assert.True(EnginePayloadCodec.TryDecode(MixedEncoded.AsSpan(), packets, out var error));
        Assert.Equal(EngineParseError.None, error);
        AssertMixed(packets);
    }

    [Fact]
    public void Decodes_from_utf8_span_and_multi_segment_sequence()
    {
        var bytes = Encoding.UTF8.GetBytes(MixedEncoded);
        var packets = new List<EnginePacket>();
        Assert.True(EnginePayloadCodec.TryDecode(bytes.AsSpan(), packets, out _));
        AssertMixed(packets);

        // Split inside the multi-byte "€" and inside a base64 record.
        packets.Clear();
        var sequence = Segments(bytes, 3, 9, bytes.Length - 2);
        Assert.False(sequence.IsSingleSegment);
        Assert.True(EnginePayloadCodec.TryDecode(sequence, packets, out _));
        AssertMixed(packets);
    }

    [Fact]
    public void Several_plain_text_packets_decode_in_order()
    {
        var packets = new List<EnginePacket>();
        Assert.True(EnginePayloadCodec.TryDecode("4test1\u001e4test2\u001e4test3".AsSpan(), packets, out _));
        Assert.Equal(["test1", "test2", "test3"], packets.Select(p => p.Text));
    }

    [Theory]
    [InlineData("", EngineParseError.Empty, 0)]
    [InlineData("4a\u001e", EngineParseError.Empty, 1)]
    [InlineData("\u001e4a", EngineParseError.Empty, 0)]
    [InlineData("4a\u001e\u001e4b", EngineParseError.Empty, 1)]
    [InlineData("abc", EngineParseError.UnknownType, 0)]
    [InlineData("4a\u001ex", EngineParseError.UnknownType, 1)]
    [InlineData("4a\u001eb@@@@\u001e4c", EngineParseError.InvalidBase64, 1)]
    public void Malformed_payloads_stop_at_the_bad_record(string payload, EngineParseError expected, int decodedBefore)
    {
        var packets = new List<EnginePacket>();
        Assert.False(EnginePayloadCodec.TryDecode(payload.AsSpan(), packets, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(decodedBefore, packets.Count);

        packets.Clear();
        Assert.False(EnginePayloadCodec.TryDecode(Encoding.UTF8.GetBytes(payload).AsSpan(), packets, out error));
        Assert.Equal(expected, error);
        Assert.Equal(decodedBefore, packets.Count);
    }

    [Fact]
    public void Invalid_utf8_in_a_record_is_an_error()
    {
        byte[] payload = [(byte)'4', (byte)'a', 0x1e, (byte)'4', 0xC3, 0x28];
        var packets = new List<EnginePacket>();
        Assert.False(EnginePayloadCodec.TryDecode(payload.AsSpan(), packets, out var error));
        Assert.Equal(EngineParseError.InvalidUtf8, error);
        Assert.Single(packets);
    }

    [Fact]
    public void Hostile_random_bytes_never_throw()
    {
        var random = new Random(1234);
        var packets = new List<EnginePacket>();
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            packets.Clear();
            var ok = EnginePayloadCodec.TryDecode(bytes.AsSpan(), packets, out var error);
            Assert.Equal(ok, error == EngineParseError.None);
            packets.Clear();
            var text = new string(bytes.Select(b => (char)b).ToArray());
            ok = EnginePayloadCodec.TryDecode(text.AsSpan(), packets, out error);
            Assert.Equal(ok, error == EngineParseError.None);
        }
    }

    [Fact]
    public void Handshake_json_has_the_reference_shape()
    {
        var data = new EngineHandshakeData("ab-c_d", ["websocket"], 25000, 20000, 1_000_000);
        Assert.Equal("{\"sid\":\"ab-c_d\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}", data.ToJson());
        Assert.Equal("0" + data.ToJson(), EnginePacketCodec.EncodeText(data.ToPacket()));
        Assert.Equal("{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}", new EngineHandshakeData("x", [], 300, 200, 1_000_000).ToJson());
    }

    private static void AssertMixed(List<EnginePacket> packets)
    {
        Assert.Equal(4, packets.Count);
        Assert.Equal("hello", packets[0].Text);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, packets[1].Binary.ToArray());
        Assert.Equal(EnginePacketType.Ping, packets[2].Type);
        Assert.Equal("€", packets[3].Text);
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, params int[] cuts)
    {
        ByteSegment? first = null;
        ByteSegment? last = null;
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            var memory = bytes.AsMemory(start, cut - start);
            if (first is null)
            {
                first = last = new ByteSegment(memory, 0);
            }
            else
            {
                last = last!.Append(memory);
            }

            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }
}
