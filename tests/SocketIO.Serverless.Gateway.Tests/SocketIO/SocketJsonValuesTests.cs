using System.Text.Json;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>The gateway builds payloads with the Protocol's one builder: the bytes a client gets for an argument are escaped as the codec escapes them.</summary>
public class SocketJsonValuesTests
{
    private static readonly JsonElement Arguments = JsonDocument.Parse("[\"你好 é <b>&amp; 'x'+1\",\"tab\\tquote\\\"\",\"\\ud83d\\ude00\"]").RootElement;

    [Fact]
    public void AnEchoedEventKeepsNonAsciiAndHtmlCharactersAsTheyAreAndEscapesOnlyWhatJsonMust() =>
        Assert.Equal(
            "2[\"消息\",\"你好 é <b>&amp; 'x'+1\",\"tab\\tquote\\\"\",\"\\uD83D\\uDE00\"]",
            SocketPacketEncoder.EncodeText(SocketPacket.Event("/", SocketJsonValues.EventData("消息", Arguments), [])));

    [Fact]
    public void AnEventsArgumentsAreSlicedWithTheSameEscaping() =>
        Assert.Equal(
            "[\"tab\\tquote\\\"\",\"\\uD83D\\uDE00\"]",
            System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(SocketJsonValues.Rest(Arguments))));
}
