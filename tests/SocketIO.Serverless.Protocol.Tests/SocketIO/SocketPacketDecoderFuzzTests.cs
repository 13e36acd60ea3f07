using System.Text;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>
/// Randomized hostile input (fixed seeds, so a failure reproduces): the decoder never throws, every result is
/// consistent, and whatever it accepts re-encodes to text it accepts again, unchanged.
/// </summary>
public class SocketPacketDecoderFuzzTests
{
    private const string Alphabet = "0123456789-/,[]{}\":_truefalsnum placeholder\\u\t\n\u00e9\u4f60\ud83d\ude00\ud800abc.eE+";

    private static readonly string[] Seeds =
    [
        "0", "0/admin,{\"token\":\"123\"}", "1/admin,", "2[\"foo\",{\"a\":[1,2]}]", "2/admin,13[\"x\",1]", "3/admin,13[\"bar\"]",
        "4{\"message\":\"Not authorized\"}", "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]",
        "62-/admin,15[{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_strings_never_throw(int seed)
    {
        var random = new Random(seed);
        var decoder = new SocketPacketDecoder(maxAttachments: 16);
        var counts = new int[3];
        for (var i = 0; i < 20_000; i++)
        {
            var text = i % 2 == 0 ? RandomText(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);
            counts[(int)Check(decoder.DecodeText(text))]++;
            if (decoder.AwaitingAttachments && random.Next(3) > 0)
            {
                counts[(int)Check(decoder.DecodeBinary(RandomBytes(random)))]++;
            }
        }
        // The input mix reaches every outcome, so the property above was checked on accepted packets too.
        Assert.All(counts, count => Assert.True(count > 10, string.Join(",", counts)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bytes_never_throw(int seed)
    {
        var random = new Random(seed);
        var decoder = new SocketPacketDecoder(maxAttachments: 16);
        var counts = new int[3];
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = i % 2 == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(Mutate(random, Seeds[random.Next(Seeds.Length)]));
            if (i % 5 == 0 && bytes.Length > 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            }
            counts[(int)Check(random.Next(4) == 0 ? decoder.DecodeBinary(bytes) : decoder.DecodeUtf8(bytes))]++;
        }
        Assert.All(counts, count => Assert.True(count > 10, string.Join(",", counts)));
    }

    private static SocketDecodeStatus Check(SocketDecodeResult result)
    {
        switch (result.Status)
        {
            case SocketDecodeStatus.Error:
                Assert.NotEqual(SocketParseError.None, result.Error);
                Assert.Null(result.Packet);
                break;
            case SocketDecodeStatus.NeedMoreAttachments:
                Assert.Null(result.Packet);
                break;
            case SocketDecodeStatus.Complete:
                var packet = Assert.IsType<SocketPacket>(result.Packet);
                var encoded = SocketPacketEncoder.Encode(packet);
                var again = new SocketPacketDecoder(maxAttachments: 16).DecodeText(encoded.Text);
                Assert.NotEqual(SocketDecodeStatus.Error, again.Status);
                if (again.Packet is { } plain)
                {
                    Assert.Equal(encoded.Text, SocketPacketEncoder.Encode(plain).Text);
                }
                break;
            default:
                Assert.Fail($"unknown status {result.Status}");
                break;
        }
        return result.Status;
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 40);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return builder.ToString();
    }

    private static string Mutate(Random random, string seed)
    {
        var builder = new StringBuilder(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var position = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(position, 1);
                    break;
                case 1 when builder.Length > 0:
                    builder[position] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    builder.Insert(position, Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }
        return random.Next(10) == 0 ? builder.ToString()[..random.Next(builder.Length + 1)] : builder.ToString();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 24)];
        random.NextBytes(bytes);
        return bytes;
    }
}
