using System.Text.Json;
using SocketIO.Serverless.Gateway.Application.InProcess;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

public sealed class SocketPayloadTests
{
    [Fact]
    public void Binary_values_anywhere_become_placeholders_and_attachments_in_order()
    {
        var payload = SocketPayload.Serialize(["file", new byte[] { 1 }, new { inner = new { data = new ReadOnlyMemory<byte>([2, 3]) }, list = new object[] { new ArraySegment<byte>([4]) } }]);

        Assert.Equal(
            """["file",{"_placeholder":true,"num":0},{"inner":{"data":{"_placeholder":true,"num":1}},"list":[{"_placeholder":true,"num":2}]}]""",
            payload.Arguments.GetRawText());
        Assert.Equal([[1], [2, 3], [4]], payload.Attachments.Select(a => a.ToArray()));
    }

    [Fact]
    public void Plain_values_serialize_as_json_with_web_defaults()
    {
        var payload = SocketPayload.Serialize([1, "two", null, new { ThreeFour = true }]);
        Assert.Equal("""[1,"two",null,{"threeFour":true}]""", payload.Arguments.GetRawText());
        Assert.Empty(payload.Attachments);
    }

    [Fact]
    public void Placeholders_read_back_as_bytes()
    {
        var json = JsonDocument.Parse("""{"name":"f","data":{"_placeholder":true,"num":1}}""").RootElement;
        var file = SocketPayload.Deserialize<FileArgument>(json, [new byte[] { 9 }, new byte[] { 7, 8 }]);
        Assert.Equal("f", file!.Name);
        Assert.Equal([7, 8], file.Data);
    }

    [Fact]
    public void A_placeholder_pointing_past_the_attachments_is_a_clear_error()
    {
        var json = JsonDocument.Parse("""{"_placeholder":true,"num":3}""").RootElement;
        var error = Assert.Throws<JsonException>(() => SocketPayload.Deserialize<byte[]>(json, [new byte[] { 1 }]));
        Assert.Contains("placeholder", error.Message, StringComparison.Ordinal);
    }

    private sealed record FileArgument(string Name, byte[] Data);
}
