using System.Text.Json;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

internal static class TestJson
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static string Raw(this JsonElement? element) => element?.GetRawText() ?? "<null>";

    public static ReadOnlyMemory<byte>[] Bytes(params byte[][] attachments) =>
        attachments.Select(bytes => new ReadOnlyMemory<byte>(bytes)).ToArray();
}
