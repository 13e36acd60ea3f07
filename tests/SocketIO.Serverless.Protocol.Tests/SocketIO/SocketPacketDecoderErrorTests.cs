using System.Text;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>Every malformed input yields a typed error, never an exception, and resets the decoder.</summary>
public class SocketPacketDecoderErrorTests
{
    [Theory]
    // Unknown packet type (the official suite sends "4abc" over the wire, i.e. "abc" here).
    [InlineData("", SocketParseError.UnknownType)]
    [InlineData("abc", SocketParseError.UnknownType)]
    [InlineData("7[\"a\"]", SocketParseError.UnknownType)]
    [InlineData(" 2[\"a\"]", SocketParseError.UnknownType)]
    // Namespace.
    [InlineData("2admin,[\"a\"]", SocketParseError.InvalidNamespace)]
    [InlineData("2/a,b/c,[\"a\"]", SocketParseError.InvalidNamespace)]
    // Ack id (the official suite sends '42abc["message-with-ack",1,"2",{"3":[false]}]').
    [InlineData("2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", SocketParseError.InvalidAckId)]
    [InlineData("212abc[\"a\"]", SocketParseError.InvalidAckId)]
    [InlineData("29007199254740992[\"a\"]", SocketParseError.InvalidAckId)]
    [InlineData("2999999999999999999999999999999999999999[\"a\"]", SocketParseError.InvalidAckId)]
    [InlineData("3[\"ack without id\"]", SocketParseError.InvalidAckId)]
    [InlineData("01{\"id on a connect\":1}", SocketParseError.InvalidAckId)]
    // JSON.
    [InlineData("2[\"a\"", SocketParseError.InvalidJson)]
    [InlineData("2[\"a", SocketParseError.InvalidJson)]
    [InlineData("2{\"a\":1", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\"]]", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\"] x", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\",]", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\" /* comment */]", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\",'single']", SocketParseError.InvalidJson)]
    [InlineData("2[\"a\",NaN]", SocketParseError.InvalidJson)]
    [InlineData("2]", SocketParseError.InvalidJson)]
    // Payload shape.
    [InlineData("2{}", SocketParseError.InvalidPayload)]
    [InlineData("2[]", SocketParseError.InvalidPayload)]
    [InlineData("2", SocketParseError.InvalidPayload)]
    [InlineData("2/admin,", SocketParseError.InvalidPayload)]
    [InlineData("2\"message\"", SocketParseError.InvalidPayload)]
    [InlineData("2[{\"a\":1}]", SocketParseError.InvalidPayload)]
    [InlineData("2[null]", SocketParseError.InvalidPayload)]
    [InlineData("2[true,1]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"\\ud800\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"connect\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"connect_error\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"disconnect\",\"x\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"disconnecting\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"newListener\"]", SocketParseError.InvalidPayload)]
    [InlineData("2[\"removeListener\"]", SocketParseError.InvalidPayload)]
    [InlineData("31{}", SocketParseError.InvalidPayload)]
    [InlineData("31\"a\"", SocketParseError.InvalidPayload)]
    [InlineData("31", SocketParseError.InvalidPayload)]
    [InlineData("0[]", SocketParseError.InvalidPayload)]
    [InlineData("0\"token\"", SocketParseError.InvalidPayload)]
    [InlineData("0null", SocketParseError.InvalidPayload)]
    [InlineData("1{}", SocketParseError.InvalidPayload)]
    [InlineData("1/admin,[]", SocketParseError.InvalidPayload)]
    [InlineData("4[]", SocketParseError.InvalidPayload)]
    [InlineData("4true", SocketParseError.InvalidPayload)]
    // Attachment count.
    [InlineData("5[\"a\"]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("5-[\"a\"]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("5x-[\"a\"]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("51[\"a\",{\"_placeholder\":true,\"num\":0}]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("52-[\"a\",{\"_placeholder\":true,\"num\":0}]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("51-[\"a\"]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("61-1[]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("599999999999999999999-[\"a\"]", SocketParseError.TooManyAttachments)]
    // Placeholders.
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("51-[\"a\",{\"_placeholder\":true}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("51-[\"a\",{\"x\":[{\"y\":{\"_placeholder\":true,\"num\":5}}]}]", SocketParseError.InvalidPlaceholder)]
    [InlineData("50-[\"a\",{\"_placeholder\":true,\"num\":0}]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("50-[\"nothing attached\"]", SocketParseError.InvalidAttachmentCount)]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":99999999999}]", SocketParseError.InvalidPlaceholder)]
    public void Malformed_text_yields_a_typed_error(string text, SocketParseError expected)
    {
        var decoder = new SocketPacketDecoder();

        var result = decoder.DecodeText(text);

        Assert.Equal(SocketDecodeStatus.Error, result.Status);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.Packet);
        Assert.False(decoder.AwaitingAttachments);
    }

    [Fact]
    public void Too_deeply_nested_json_is_invalid_json()
    {
        var deep = "2[\"a\"," + new string('[', 10_000) + new string(']', 10_000) + "]";

        Assert.Equal(SocketParseError.InvalidJson, new SocketPacketDecoder().DecodeText(deep).Error);
    }

    [Fact]
    public void Attachment_count_over_the_limit_is_refused()
    {
        var decoder = new SocketPacketDecoder(maxAttachments: SocketPacketLimits.ReferenceMaxAttachments);

        Assert.Equal(SocketParseError.TooManyAttachments, decoder.DecodeText("511-[\"a\"]").Error);
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeText(
            "510-[\"a\"," + string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"_placeholder\":true,\"num\":{i}}}")) + "]").Status);
    }

    [Fact]
    public void The_default_attachment_count_is_the_reference_parsers()
    {
        Assert.Equal(SocketParseError.TooManyAttachments, new SocketPacketDecoder().DecodeText("511-[\"a\"]").Error);
        Assert.Equal(SocketParseError.TooManyAttachments, new SocketPacketDecoder().DecodeText("59999-[\"a\"]").Error);
    }

    [Fact]
    public void Attachments_past_the_byte_bound_are_refused_and_reset()
    {
        var decoder = new SocketPacketDecoder(maxAttachments: 10, maxAttachmentBytes: 5);
        var text = "53-[\"a\"," + string.Join(",", Enumerable.Range(0, 3).Select(i => $"{{\"_placeholder\":true,\"num\":{i}}}")) + "]";

        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeText(text).Status);
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeBinary(new byte[3]).Status);
        Assert.Equal(SocketParseError.AttachmentsTooLarge, decoder.DecodeBinary(new byte[3]).Error);
        Assert.False(decoder.AwaitingAttachments);

        // The count starts again with the next packet.
        Assert.Equal(SocketDecodeStatus.NeedMoreAttachments, decoder.DecodeText(text).Status);
        decoder.DecodeBinary(new byte[2]);
        decoder.DecodeBinary(new byte[2]);
        Assert.True(decoder.DecodeBinary(new byte[1]).IsComplete);
    }

    [Fact]
    public void Binary_message_when_none_is_expected_is_unexpected()
    {
        var decoder = new SocketPacketDecoder();

        Assert.Equal(SocketParseError.UnexpectedBinary, decoder.DecodeBinary(new byte[] { 1 }).Error);

        decoder.DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        Assert.True(decoder.DecodeBinary(new byte[] { 1 }).IsComplete);
        Assert.Equal(SocketParseError.UnexpectedBinary, decoder.DecodeBinary(new byte[] { 2 }).Error);
    }

    [Fact]
    public void Text_while_attachments_are_expected_is_unexpected_and_resets()
    {
        var decoder = new SocketPacketDecoder();
        decoder.DecodeText("52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        decoder.DecodeBinary(new byte[] { 1 });

        Assert.Equal(SocketParseError.UnexpectedText, decoder.DecodeText("2[\"b\"]").Error);
        Assert.False(decoder.AwaitingAttachments);
        Assert.Equal(SocketParseError.UnexpectedBinary, decoder.DecodeBinary(new byte[] { 2 }).Error);
    }

    [Fact]
    public void Reset_drops_a_pending_binary_packet()
    {
        var decoder = new SocketPacketDecoder();
        decoder.DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");

        decoder.Reset();

        Assert.False(decoder.AwaitingAttachments);
        Assert.True(decoder.DecodeText("2[\"b\"]").IsComplete);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] overlong = [(byte)'2', (byte)'[', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)']'];
        byte[] truncated = [(byte)'2', (byte)'[', (byte)'"', 0xE4, 0xBD, (byte)'"', (byte)']'];
        byte[] inNamespace = [(byte)'2', (byte)'/', 0xFF, (byte)',', (byte)'[', (byte)'"', (byte)'a', (byte)'"', (byte)']'];

        Assert.Equal(SocketParseError.InvalidUtf8, new SocketPacketDecoder().DecodeUtf8(overlong).Error);
        Assert.Equal(SocketParseError.InvalidUtf8, new SocketPacketDecoder().DecodeUtf8(truncated).Error);
        Assert.Equal(SocketParseError.InvalidUtf8, new SocketPacketDecoder().DecodeUtf8(inNamespace).Error);
        Assert.Equal(SocketParseError.InvalidUtf8, new SocketPacketDecoder().DecodeText("2[\"\ud800\"]").Error);
    }

    [Fact]
    public void Valid_utf8_is_accepted() =>
        Assert.Equal("😀", new SocketPacketDecoder().DecodeUtf8(Encoding.UTF8.GetBytes("2[\"😀\"]")).Packet!.EventName);
}
