using System.Buffers;
using System.Text;
using SocketIO.Serverless.Protocol.SocketIO;
using static SocketIO.Serverless.Protocol.Tests.SocketIO.TestJson;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>Decoding of well-formed packets: the protocol document's examples, binary reassembly, round trips.</summary>
public class SocketPacketDecoderTests
{
    private static SocketPacket DecodeComplete(string text)
    {
        var result = new SocketPacketDecoder().DecodeText(text);
        Assert.True(result.IsComplete, $"{text} -> {result.Status} {result.Error}");
        return result.Packet!;
    }

    [Theory]
    [InlineData("0", SocketPacketType.Connect, "/", null, null)]
    [InlineData("0/admin,", SocketPacketType.Connect, "/admin", null, null)]
    [InlineData("0/admin", SocketPacketType.Connect, "/admin", null, null)]
    [InlineData("0{\"token\":\"123\"}", SocketPacketType.Connect, "/", null, "{\"token\":\"123\"}")]
    [InlineData("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", SocketPacketType.Connect, "/admin", null, "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")]
    [InlineData("1", SocketPacketType.Disconnect, "/", null, null)]
    [InlineData("1/admin,", SocketPacketType.Disconnect, "/admin", null, null)]
    [InlineData("2[\"foo\"]", SocketPacketType.Event, "/", null, "[\"foo\"]")]
    [InlineData("2/admin,[\"bar\"]", SocketPacketType.Event, "/admin", null, "[\"bar\"]")]
    [InlineData("212[\"foo\"]", SocketPacketType.Event, "/", 12L, "[\"foo\"]")]
    [InlineData("2/admin,13[\"x\",1]", SocketPacketType.Event, "/admin", 13L, "[\"x\",1]")]
    [InlineData("2[1,\"numeric event names are allowed by the reference\"]", SocketPacketType.Event, "/", null, "[1,\"numeric event names are allowed by the reference\"]")]
    [InlineData("3/admin,13[\"bar\"]", SocketPacketType.Ack, "/admin", 13L, "[\"bar\"]")]
    [InlineData("30[]", SocketPacketType.Ack, "/", 0L, "[]")]
    [InlineData("4{\"message\":\"Not authorized\"}", SocketPacketType.ConnectError, "/", null, "{\"message\":\"Not authorized\"}")]
    [InlineData("4/admin,\"plain string\"", SocketPacketType.ConnectError, "/admin", null, "\"plain string\"")]
    public void Decodes_text_packets(string text, SocketPacketType type, string @namespace, long? id, string? data)
    {
        var packet = DecodeComplete(text);

        Assert.Equal(type, packet.Type);
        Assert.Equal(@namespace, packet.Namespace);
        Assert.Equal(id, packet.Id);
        if (data is not null)
        {
            Assert.Equal(data, packet.Data.Raw());
        }
        Assert.Empty(packet.Attachments);
    }

    [Fact]
    public void Namespace_is_taken_up_to_the_first_comma()
    {
        // The reference does the same: "/a" then "b/c,[...]" which is not a valid payload start.
        var result = new SocketPacketDecoder().DecodeText("2/a,[\"x\"]");
        Assert.Equal("/a", result.Packet!.Namespace);
    }

    [Fact]
    public void Event_name_of_decoded_event() =>
        Assert.Equal("chat message", DecodeComplete("2[\"chat message\",\"hi\"]").EventName);

    [Fact]
    public void Binary_event_waits_for_its_attachments()
    {
        var decoder = new SocketPacketDecoder();

        var first = decoder.DecodeText("52-/admin,7[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, first.Status);
        Assert.True(decoder.AwaitingAttachments);

        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeBinary(new byte[] { 1, 2 }).Status);
        var done = decoder.DecodeBinary(new byte[] { 3, 4 });

        Assert.True(done.IsComplete);
        Assert.False(decoder.AwaitingAttachments);
        var packet = done.Packet!;
        Assert.Equal(SocketPacketType.BinaryEvent, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(7L, packet.Id);
        Assert.Equal("baz", packet.EventName);
        Assert.Equal("[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", packet.Data.Raw());
        Assert.Equal([1, 2], packet.Attachments[0].ToArray());
        Assert.Equal([3, 4], packet.Attachments[1].ToArray());
    }

    [Fact]
    public void Binary_ack_waits_for_its_attachment()
    {
        var decoder = new SocketPacketDecoder();

        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeText("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]").Status);
        var packet = decoder.DecodeBinary(new byte[] { 1, 2, 3, 4 }).Packet!;

        Assert.Equal(SocketPacketType.BinaryAck, packet.Type);
        Assert.Equal(15L, packet.Id);
        Assert.Equal([1, 2, 3, 4], Assert.Single(packet.Attachments).ToArray());
    }

    [Fact]
    public void Decoder_is_reusable_after_a_binary_packet()
    {
        var decoder = new SocketPacketDecoder();
        decoder.DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        decoder.DecodeBinary(new byte[] { 1 });

        Assert.Equal("b", decoder.DecodeText("2[\"b\"]").Packet!.EventName);
    }

    [Fact]
    public void Placeholders_at_depth_are_validated_and_kept()
    {
        const string data = "[\"upload\",{\"files\":[{\"name\":\"a\",\"bytes\":{\"_placeholder\":true,\"num\":1}},"
            + "{\"name\":\"b\",\"meta\":{\"thumb\":[[{\"_placeholder\":true,\"num\":0}]]}}]},{\"_placeholder\":true,\"num\":2}]";
        var decoder = new SocketPacketDecoder();

        Assert.False(decoder.DecodeText("53-" + data).IsError);
        decoder.DecodeBinary(new byte[] { 0 });
        decoder.DecodeBinary(new byte[] { 1 });
        var packet = decoder.DecodeBinary(new byte[] { 2 }).Packet!;

        Assert.Equal(data, packet.Data.Raw());
        Assert.Equal([1, 0, 2], SocketPlaceholders.Find(packet.Data!.Value));
        Assert.Equal(3, packet.Attachments.Count);
    }

    [Fact]
    public void The_same_attachment_may_be_referenced_twice() =>
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments,
            new SocketPacketDecoder().DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]").Status);

    [Fact]
    public void Object_with_false_placeholder_marker_is_plain_data() =>
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments,
            new SocketPacketDecoder().DecodeText("51-[\"a\",{\"_placeholder\":false,\"num\":3},{\"_placeholder\":true,\"num\":0}]").Status);

    [Fact]
    public void Json_whitespace_around_the_payload_is_accepted_as_by_JSON_parse() =>
        Assert.Equal("a", DecodeComplete("2 [\"a\"] \n").EventName);

    [Fact]
    public void Decodes_from_utf8_bytes_and_sequences()
    {
        var bytes = Encoding.UTF8.GetBytes("2/聊天,5[\"消息\",\"你好\"]");

        var fromSpan = new SocketPacketDecoder().DecodeUtf8(bytes).Packet!;
        Assert.Equal("/聊天", fromSpan.Namespace);
        Assert.Equal("消息", fromSpan.EventName);
        Assert.Equal(5L, fromSpan.Id);

        var split = bytes.Length / 2;
        var sequence = SequenceOf(bytes[..split], bytes[split..]);
        var fromSequence = new SocketPacketDecoder().DecodeUtf8(sequence).Packet!;
        Assert.Equal(fromSpan.Data.Raw(), fromSequence.Data.Raw());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0/admin,")]
    [InlineData("0/admin,{\"token\":\"abc\"}")]
    [InlineData("1/admin,")]
    [InlineData("2[\"foo\",{\"a\":[1,2,{\"b\":null}]},\"文字\"]")]
    [InlineData("2/admin,42[\"x\",true,false,-1.5e-3]")]
    [InlineData("3/admin,9007199254740991[]")]
    [InlineData("4{\"message\":\"Invalid namespace\"}")]
    public void Text_packets_round_trip_exactly(string text)
    {
        var packet = DecodeComplete(text);

        Assert.Equal(text, SocketPacketEncoder.Encode(packet).Text);
    }

    [Fact]
    public void Binary_packets_round_trip_exactly()
    {
        const string text = "62-/admin,3[{\"a\":{\"_placeholder\":true,\"num\":1}},[{\"_placeholder\":true,\"num\":0}]]";
        var decoder = new SocketPacketDecoder();
        decoder.DecodeText(text);
        decoder.DecodeBinary(new byte[] { 10 });
        var packet = decoder.DecodeBinary(new byte[] { 20, 30 }).Packet!;

        var encoded = SocketPacketEncoder.Encode(packet);

        Assert.Equal(text, encoded.Text);
        Assert.Equal([10], encoded.Attachments[0].ToArray());
        Assert.Equal([20, 30], encoded.Attachments[1].ToArray());
    }

    private static ReadOnlySequence<byte> SequenceOf(byte[] first, byte[] second)
    {
        var start = new Segment(first);
        var end = start.Append(second);
        return new ReadOnlySequence<byte>(start, 0, end, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
