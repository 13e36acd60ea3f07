using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;
using static SocketIO.Serverless.Protocol.Tests.SocketIO.TestJson;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>The exact encodings of the protocol document's examples, and the encoder's own rules.</summary>
public class SocketPacketEncoderTests
{
    private static string Text(SocketPacket packet) => SocketPacketEncoder.Encode(packet).Text;

    [Fact]
    public void Connect_to_main_namespace_is_a_single_digit() =>
        Assert.Equal("0", Text(SocketPacket.Connect("/", null)));

    [Fact]
    public void Connect_to_custom_namespace_with_payload() =>
        Assert.Equal("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
            Text(SocketPacket.Connect("/admin", Parse("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"))));

    [Fact]
    public void Connect_to_custom_namespace_without_payload_keeps_the_comma() =>
        Assert.Equal("0/admin,", Text(SocketPacket.Connect("/admin", null)));

    [Fact]
    public void Connect_error_carries_message_and_optional_data()
    {
        Assert.Equal("4{\"message\":\"Not authorized\"}", Text(SocketPacket.ConnectError("/", "Not authorized")));
        Assert.Equal("4/admin,{\"message\":\"Invalid namespace\",\"data\":{\"code\":7}}",
            Text(SocketPacket.ConnectError("/admin", "Invalid namespace", Parse("{\"code\":7}"))));
    }

    [Fact]
    public void Connect_error_does_not_escape_non_ascii_text() =>
        Assert.Equal("4{\"message\":\"未授权\"}", Text(SocketPacket.ConnectError("/", "未授权")));

    [Fact]
    public void Event_in_main_and_custom_namespace()
    {
        Assert.Equal("2[\"foo\"]", Text(SocketPacket.Event("/", Parse("[\"foo\"]"), [])));
        Assert.Equal("2/admin,[\"bar\"]", Text(SocketPacket.Event("/admin", Parse("[\"bar\"]"), [])));
    }

    [Fact]
    public void Event_with_ack_id()
    {
        Assert.Equal("212[\"foo\"]", Text(SocketPacket.Event("/", Parse("[\"foo\"]"), [], id: 12)));
        Assert.Equal("2/admin,13[\"x\",1]", Text(SocketPacket.Event("/admin", Parse("[\"x\",1]"), [], id: 13)));
    }

    [Fact]
    public void Ack_in_custom_namespace() =>
        Assert.Equal("3/admin,13[\"bar\"]", Text(SocketPacket.Ack("/admin", 13, Parse("[\"bar\"]"), [])));

    [Fact]
    public void Disconnect_in_main_and_custom_namespace()
    {
        Assert.Equal("1", Text(SocketPacket.Disconnect("/")));
        Assert.Equal("1/admin,", Text(SocketPacket.Disconnect("/admin")));
    }

    [Fact]
    public void Event_with_attachments_becomes_binary_event()
    {
        var attachments = Bytes([1, 2, 3, 4]);
        var encoded = SocketPacketEncoder.Encode(
            SocketPacket.Event("/", Parse("[\"baz\",{\"_placeholder\":true,\"num\":0}]"), attachments));

        Assert.Equal("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", encoded.Text);
        Assert.Equal([1, 2, 3, 4], Assert.Single(encoded.Attachments).ToArray());
    }

    [Fact]
    public void Binary_event_with_several_attachments_in_custom_namespace()
    {
        var encoded = SocketPacketEncoder.Encode(SocketPacket.Event("/admin",
            Parse("[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"), Bytes([1, 2], [3, 4])));

        Assert.Equal("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", encoded.Text);
        Assert.Equal(2, encoded.Attachments.Count);
    }

    [Fact]
    public void Ack_with_attachments_becomes_binary_ack()
    {
        var packet = SocketPacket.Ack("/", 15, Parse("[\"bar\",{\"_placeholder\":true,\"num\":0}]"), Bytes([1, 2, 3, 4]));

        Assert.Equal(SocketPacketType.BinaryAck, packet.Type);
        Assert.Equal("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", Text(packet));
    }

    [Fact]
    public void Plain_event_type_with_attachments_is_upgraded_to_binary()
    {
        var packet = new SocketPacket(SocketPacketType.Event, "/", null, Parse("[\"f\",{\"_placeholder\":true,\"num\":0}]"), Bytes([9]));

        Assert.Equal("51-[\"f\",{\"_placeholder\":true,\"num\":0}]", Text(packet));
    }

    [Fact]
    public void Binary_type_without_attachments_goes_out_as_plain_event_or_ack()
    {
        Assert.Equal("2[\"f\"]", Text(new SocketPacket(SocketPacketType.BinaryEvent, "/", null, Parse("[\"f\"]"), [])));
        Assert.Equal("31[]", Text(new SocketPacket(SocketPacketType.BinaryAck, "/", 1, Parse("[]"), [])));
    }

    [Fact]
    public void Json_payload_is_copied_verbatim()
    {
        var data = Parse("[\"message\",\"服务器转发：你好\",{\"a\":[1,2.5e3,null,true]}]");

        Assert.Equal("2[\"message\",\"服务器转发：你好\",{\"a\":[1,2.5e3,null,true]}]", Text(SocketPacket.Event("/", data, [])));
    }

    [Fact]
    public void Empty_namespace_is_the_main_namespace() =>
        Assert.Equal("2[\"a\"]", Text(new SocketPacket(SocketPacketType.Event, "", null, Parse("[\"a\"]"), [])));

    [Fact]
    public void Packets_no_peer_could_decode_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Text(SocketPacket.Event("admin", Parse("[\"a\"]"), [])));
        Assert.Throws<ArgumentException>(() => Text(SocketPacket.Event("/", Parse("[\"a\"]"), [], id: -1)));
        Assert.Throws<ArgumentException>(() => Text(new SocketPacket(SocketPacketType.Connect, "/", null, null, Bytes([1]))));
        Assert.Throws<ArgumentException>(() => Text(new SocketPacket((SocketPacketType)9, "/", null, null, [])));
        // One attachment, but the payload references none.
        Assert.Throws<ArgumentException>(() => Text(SocketPacket.Event("/", Parse("[\"a\"]"), Bytes([1]))));
        // One attachment, but the payload references a second one.
        Assert.Throws<ArgumentException>(() => Text(SocketPacket.Event("/",
            Parse("[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"), Bytes([1]))));
    }

    [Fact]
    public void Event_name_is_the_first_string_of_an_event()
    {
        Assert.Equal("chat", SocketPacket.Event("/", Parse("[\"chat\",1]"), []).EventName);
        Assert.Equal("7", SocketPacket.Event("/", Parse("[7]"), []).EventName);
        Assert.Null(SocketPacket.Event("/", Parse("[{}]"), []).EventName);
        Assert.Null(SocketPacket.Ack("/", 1, Parse("[\"chat\"]"), []).EventName);
        Assert.Null(SocketPacket.Event("/", Parse("[\"\\ud800\"]"), []).EventName);
    }

    [Fact]
    public void Factories_choose_the_type()
    {
        Assert.Equal(SocketPacketType.Event, SocketPacket.Event("/", Parse("[\"a\"]"), []).Type);
        Assert.Equal(SocketPacketType.BinaryEvent, SocketPacket.Event("/", Parse("[\"a\",{\"_placeholder\":true,\"num\":0}]"), Bytes([1])).Type);
        Assert.Equal(SocketPacketType.Ack, SocketPacket.Ack("/", 1, Parse("[]"), []).Type);
        var error = SocketPacket.ConnectError("/x", "no");
        Assert.Equal(SocketPacketType.ConnectError, error.Type);
        Assert.Equal("no", error.Data!.Value.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Undefined, error.Data!.Value.TryGetProperty("data", out var d) ? d.ValueKind : JsonValueKind.Undefined);
    }
}
