using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class ServerlessPayloadTests
{
    [Fact]
    public void A_text_packet_is_its_engine_io_text()
    {
        Assert.Equal("42/admin,13[\"admin command\",{\"x\":1}]", ServerlessPayload.Encode("2/admin,13[\"admin command\",{\"x\":1}]", []));
        Assert.True(ServerlessPayload.TryDecode("42[\"message\",\"hi\"]", out var packet, out _));
        Assert.Equal("2[\"message\",\"hi\"]", packet.SocketIOText);
        Assert.Empty(packet.Attachments);
    }

    [Fact]
    public void Attachments_follow_as_base64_records()
    {
        var body = ServerlessPayload.Encode("51-[\"file\",{\"_placeholder\":true,\"num\":0}]", [new byte[] { 1, 2, 3 }, Array.Empty<byte>()]);
        Assert.Equal("451-[\"file\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID\u001eb", body);
        Assert.True(ServerlessPayload.TryDecode(body, out var packet, out _));
        Assert.Equal("51-[\"file\",{\"_placeholder\":true,\"num\":0}]", packet.SocketIOText);
        Assert.Equal(2, packet.Attachments.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet.Attachments[0].ToArray());
        Assert.Equal(0, packet.Attachments[1].Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("2probe")]
    [InlineData("42[\"a\"]\u001e42[\"b\"]")]
    [InlineData("451-[\"f\"]\u001eb!!!")]
    public void Bad_bodies_fail_with_a_reason(string body)
    {
        Assert.False(ServerlessPayload.TryDecode(body, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
