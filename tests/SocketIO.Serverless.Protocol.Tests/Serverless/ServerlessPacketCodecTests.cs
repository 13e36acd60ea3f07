using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class ServerlessPacketCodecTests
{
    [Fact]
    public void A_binary_ack_round_trips_through_a_body()
    {
        using var data = JsonDocument.Parse("""[{"_placeholder":true,"num":0},"x"]""");
        var packet = SocketPacket.Ack("/admin", 13, data.RootElement, [new byte[] { 9, 8, 7 }]);
        var body = ServerlessPacketCodec.Encode(packet);
        Assert.StartsWith("461-/admin,13[", body, StringComparison.Ordinal);

        Assert.True(ServerlessPacketCodec.TryDecode(body, out var decoded, out _));
        Assert.Equal(SocketPacketType.BinaryAck, decoded.Type);
        Assert.Equal("/admin", decoded.Namespace);
        Assert.Equal(13, decoded.Id);
        Assert.Equal(new byte[] { 9, 8, 7 }, decoded.Attachments.Single().ToArray());
    }

    [Fact]
    public void A_text_event_decodes()
    {
        Assert.True(ServerlessPacketCodec.TryDecode("42/admin,[\"admin command\",{\"x\":1}]", out var packet, out _));
        Assert.Equal("admin command", packet.EventName);
        Assert.Equal("/admin", packet.Namespace);
    }

    [Theory]
    [InlineData("42[", "not a valid Socket.IO packet")]
    [InlineData("451-[\"f\",{\"_placeholder\":true,\"num\":0}]", "more binary attachments")]
    [InlineData("42[\"f\"]\u001ebAQID", "carries 1 binary attachments")]
    public void Mismatches_are_explained(string body, string expected)
    {
        Assert.False(ServerlessPacketCodec.TryDecode(body, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
