using System.Text;
using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>
/// Differential tests against the real reference parser (npm socket.io-parser, run with Node): what it accepts
/// we decode to the same packet, what it refuses we refuse, and what we encode it decodes.
/// </summary>
public class ReferenceParserTests
{
    private const int MaxAttachments = SocketPacketLimits.ReferenceMaxAttachments;

    private static readonly byte[] Four = [1, 2, 3, 4];

    // Not listed: "2 [\"a\"]", which the reference reads with ack id 0 (JavaScript's Number(" ") is 0), and here
    // without an id, as whitespace before JSON.
    private static readonly IReadOnlyList<object>[] Valid =
    [
        ["0"], ["0/admin,"], ["0/admin"], ["0{\"token\":\"123\"}"], ["0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"],
        ["1"], ["1/admin,"], ["2[\"foo\"]"], ["2/admin,[\"bar\"]"], ["212[\"foo\"]"], ["2/admin,13[\"x\",1]"], ["2[1,\"n\"]"],
["2[\"\\u00e9\\n\",{\"a\":[1,2.5e3,null,true,-0.5]}]"], ["2/聊天,5[\"消息\",\"你好\"]"], ["2007[\"a\"]"],
        ["3/admin,13[\"bar\"]"], ["30[]"], ["4{\"message\":\"Not authorized\"}"], ["4/admin,\"plain\""],
        ["51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", Four],
        ["52-/admin,7[\"baz\",{\"_placeholder\":true,\"num\":1},{\"x\":[{\"_placeholder\":true,\"num\":0}]}]", new byte[] { 1 }, new byte[] { 2, 3 }],
        ["61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", Four],
        ["51-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]", Four],
        ["51-[\"a\",{\"_placeholder\":false,\"_placeholder\":true,\"num\":0}]", Four],
        ["510-[\"a\"," + string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"_placeholder\":true,\"num\":{i}}}")) + "]",
            .. Enumerable.Range(0, 10).Select(i => (object)new[] { (byte)i })],
    ];

    /// <summary>Refused by both parsers.</summary>
    private static readonly IReadOnlyList<object>[] RefusedByBoth =
    [
        ["abc"], ["7[\"a\"]"], ["2admin,[\"a\"]"], ["2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"], ["212abc[\"a\"]"],
        ["2[\"a\""], ["2{\"a\":1"], ["2[\"a\"]]"], ["2[\"a\",]"], ["2{}"], ["2[]"], ["2\"message\""], ["2[{\"a\":1}]"], ["2[null]"],
        ["2[\"connect\"]"], ["2[\"connect_error\"]"], ["2[\"disconnect\"]"], ["2[\"disconnecting\"]"], ["2[\"newListener\"]"],
        ["2[\"removeListener\"]"], ["31{}"], ["31\"a\""], ["0[]"], ["0\"token\""], ["0null"], ["1{}"], ["1/admin,[]"], ["4[]"], ["4true"],
        ["5[\"a\"]"], ["5-[\"a\"]"], ["5x-[\"a\"]"], ["511-[\"a\"]"], ["50-[\"nothing attached\"]"],
        ["51-[\"a\",{\"_placeholder\":true,\"num\":1}]", Four], ["51-[\"a\",{\"_placeholder\":true,\"num\":-1}]", Four],
        ["51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", Four], ["51-[\"a\",{\"_placeholder\":true}]", Four],
        ["51-[\"a\",{\"x\":[{\"y\":{\"_placeholder\":true,\"num\":5}}]}]", Four],
        [Four], ["51-[\"a\",{\"_placeholder\":true,\"num\":0}]", Four, Four],
        ["52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", Four, "2[\"b\"]"],
    ];

    /// <summary>Accepted by the reference but refused here on purpose (docs/protocol.md lists why).</summary>
    private static readonly IReadOnlyList<object>[] StricterHere =
    [
        ["2"], ["2/admin,"], ["31"], ["3[\"ack without id\"]"], ["01{\"id on a connect\":1}"],
        ["29007199254740993[\"a\"]"], ["2[\"\\ud800\"]"], ["51-[\"a\"]", Four], ["52-[\"a\",{\"_placeholder\":true,\"num\":0}]", Four, Four],
        ["51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]", Four],
        ["2[\"deep\"," + new string('[', 100) + new string(']', 100) + "]"],
    ];

    [Fact]
    public void Packets_the_reference_accepts_decode_to_the_same_packet()
    {
        var reference = ReferenceParser.Decode(Valid, MaxAttachments);

        for (var i = 0; i < Valid.Length; i++)
        {
            var here = ReferenceParser.DecodeHere(Valid[i], MaxAttachments);
            Assert.True(reference[i].Status == "complete", $"reference: {Describe(Valid[i])} -> {reference[i].Status}");
            Assert.True(here.Status == "complete", $"here: {Describe(Valid[i])} -> {here.Status}");
            AssertSamePacket(Valid[i], reference[i].Packet!.Value, here.Packet!.Value);
        }
    }

    [Fact]
    public void Packets_the_reference_refuses_are_refused()
    {
        var reference = ReferenceParser.Decode(RefusedByBoth, MaxAttachments);

        for (var i = 0; i < RefusedByBoth.Length; i++)
        {
            Assert.True(reference[i].Status == "error", $"reference: {Describe(RefusedByBoth[i])} -> {reference[i].Status}");
            Assert.True(ReferenceParser.DecodeHere(RefusedByBoth[i], MaxAttachments).Status == "error", $"here: {Describe(RefusedByBoth[i])}");
        }
    }

    [Fact]
    public void Deliberately_stricter_cases_are_what_the_docs_say()
    {
        var reference = ReferenceParser.Decode(StricterHere, MaxAttachments);

        for (var i = 0; i < StricterHere.Length; i++)
        {
            Assert.True(reference[i].Status != "error", $"reference refuses {Describe(StricterHere[i])} too: move it to RefusedByBoth");
            Assert.True(ReferenceParser.DecodeHere(StricterHere[i], MaxAttachments).Status == "error", $"here: {Describe(StricterHere[i])}");
        }
    }

    [Fact]
    public void Packets_encoded_here_decode_in_the_reference_to_the_same_packet()
    {
        var nested = SocketBinary.CreateEventData("upload", [new { Name = "a", Parts = new[] { new byte[] { 1 }, [2, 2] } }, new byte[] { 3 }]);
        SocketPacket[] packets =
        [
            SocketPacket.Connect("/", null), SocketPacket.Connect("/admin", SocketBinary.Serialize(new { Token = "t" }).Data),
            SocketPacket.Disconnect("/admin"), SocketPacket.ConnectError("/", "Not authorized", SocketBinary.Serialize(new { Code = 1 }).Data),
            SocketPacket.Event("/", SocketBinary.CreateEventData("message", ["服务器转发：你好"]).Data, [], id: 9),
            SocketPacket.Event("/chat", nested.Data, nested.Attachments, id: 4),
            SocketPacket.Ack("/", 12, SocketBinary.CreateArguments(["消息已收到"]).Data, []),
            SocketPacket.Ack("/admin", 13, SocketBinary.CreateArguments([4, new byte[] { 5, 6 }]).Data, [new byte[] { 5, 6 }]),
        ];
        var cases = packets.Select(packet =>
        {
            var encoded = SocketPacketEncoder.Encode(packet);
            return (IReadOnlyList<object>)[encoded.Text, .. encoded.Attachments.Select(a => (object)a.ToArray())];
        }).ToArray();

        var reference = ReferenceParser.Decode(cases, MaxAttachments);

        for (var i = 0; i < packets.Length; i++)
        {
            Assert.True(reference[i].Status == "complete", $"reference: {Describe(cases[i])} -> {reference[i].Status}");
            AssertSamePacket(cases[i], reference[i].Packet!.Value, ReferenceParser.Comparable(packets[i]));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Random_mutations_are_never_accepted_here_when_the_reference_refuses_them(int seed)
    {
        var random = new Random(seed);
        var cases = Enumerable.Range(0, 3000).Select(_ => Mutation(random)).ToArray();

        var reference = ReferenceParser.Decode(cases, MaxAttachments);

        var agreed = 0;
        for (var i = 0; i < cases.Length; i++)
        {
            var here = ReferenceParser.DecodeHere(cases[i], MaxAttachments);
            if (reference[i].Status == "error")
            {
                Assert.True(here.Status == "error", $"reference refuses, accepted here: {Describe(cases[i])}");
            }
            else if (here.Status == "complete" && reference[i].Status == "complete")
            {
                AssertSamePacket(cases[i], reference[i].Packet!.Value, here.Packet!.Value);
                agreed++;
            }
        }
        Assert.True(agreed > 100, $"only {agreed} accepted mutations were compared");
    }

    private static readonly string[] Seeds =
    [
        "0/admin,{\"token\":\"123\"}", "1/admin,", "2[\"foo\",{\"a\":[1,2]}]", "2/admin,13[\"x\",1]", "3/admin,13[\"bar\"]",
        "4{\"message\":\"Not authorized\"}", "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]",
        "62-/admin,15[{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]",
    ];

    private const string Alphabet = "0123456789-/,[]{}\":_a \\";

    private static IReadOnlyList<object> Mutation(Random random)
    {
        var builder = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
        for (var e = random.Next(1, 3); e > 0 && builder.Length > 0; e--)
        {
            var position = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0:
                    builder.Remove(position, 1);
                    break;
                case 1:
                    builder[position] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    builder.Insert(position, Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }
        var text = builder.ToString();
        // Feed as many attachments as a binary packet declares (up to 3), so that binary cases can complete.
        var declared = text.Length > 2 && text[0] is '5' or '6' && char.IsDigit(text[1]) && text[2] == '-' ? text[1] - '0' : 0;
        return [text, .. Enumerable.Range(0, Math.Min(declared, 3)).Select(i => (object)new[] { (byte)i, (byte)random.Next(256) })];
    }

    private static void AssertSamePacket(IReadOnlyList<object> parts, JsonElement reference, JsonElement here) =>
        Assert.True(JsonElement.DeepEquals(reference, here), $"{Describe(parts)}\n reference: {reference.GetRawText()}\n here:      {here.GetRawText()}");

    private static string Describe(IReadOnlyList<object> parts) =>
        string.Join(" + ", parts.Select(part => part is string text ? text.Length > 120 ? text[..120] + "…" : text : $"<{((byte[])part).Length} bytes>"));
}
