using System.Buffers;
using System.Globalization;
using System.Text;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Protocol.Tests.EngineIO;

/// <summary>
/// Time-bounded fuzzing (FUZZ_SECONDS, default 3; FUZZ_SEED reproduces a run) of the Engine.IO decoders: text
/// frames and polling payloads, as UTF-16, UTF-8 and split UTF-8, never throw, and what they accept re-encodes.
/// </summary>
public sealed class EngineDecoderFuzzTests
{
    private static readonly string[] Seeds = ["0{\"sid\":\"x\"}", "2probe", "3", "4hello", "5", "6", "bAQID", "4héllo\u001e2\u001ebAA==", "1", "4\u001e\u001e4"];
    private const string Alphabet = "0123456b=+/\u001eAQIDabc{}\":\u00e9\ud83d\ude00\ud800\u0000 ";

    [Fact]
    public void Frames_and_payloads_never_throw()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) ? Math.Min(s, 10) : 3;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var end = DateTime.UtcNow.AddSeconds(seconds);
        var accepted = 0;
        var refused = 0;
        while (DateTime.UtcNow < end)
        {
            var text = random.Next(2) == 0 ? Mutate(random, Seeds[random.Next(Seeds.Length)]) : RandomText(random);
            var utf8 = random.Next(4) == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(text);
            try
            {
                _ = EnginePacketCodec.TryDecodeText(text, out var packet, out _) ? accepted++ : refused++;
                _ = EnginePacketCodec.TryDecodeText(utf8, out _, out _);
                var packets = new List<EnginePacket>();
                if (EnginePayloadCodec.TryDecode(text.AsSpan(), packets, out _))
                {
                    var again = new List<EnginePacket>();
                    Assert.True(EnginePayloadCodec.TryDecode(EnginePayloadCodec.Encode(packets).AsSpan(), again, out var error), $"{error} re-decoding {Describe(text)} (FUZZ_SEED={seed})");
                    Assert.Equal(packets.Count, again.Count);
                }

                EnginePayloadCodec.TryDecode(utf8, [], out _);
                var split = random.Next(utf8.Length + 1);
                EnginePayloadCodec.TryDecode(Split(utf8, split), [], out _);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{e.GetType().Name} on {Describe(text)} / {Convert.ToHexString(utf8)} (FUZZ_SEED={seed}): {e}");
            }
        }

        Assert.True(accepted > 0 && refused > 0, $"accepted {accepted}, refused {refused} (FUZZ_SEED={seed})");
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        if (at == 0 || at == bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new ByteSegment(bytes.AsMemory(0, at), 0);
        var last = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            if (random.Next(2) == 0 && builder.Length > 0)
            {
                builder.Remove(at, 1);
            }
            else
            {
                builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    private static string RandomText(Random random) => new([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 32)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Describe(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
