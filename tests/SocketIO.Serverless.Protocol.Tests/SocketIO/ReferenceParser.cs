using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>
/// The reference parser (npm socket.io-parser, as used by socket.io and socket.io-client) run with Node over a
/// batch of cases, and this codec's results in the same comparable shape.
/// </summary>
internal static class ReferenceParser
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What a decoder made of one case: "complete", "pending" or "error", and the packets it produced
    /// as {type, nsp, id, data} with BINARY_* types folded into EVENT/ACK and attachments as {"$bytes": base64}.</summary>
    internal sealed record Outcome(string Status, JsonElement? Packet);

    public static IReadOnlyList<Outcome> Decode(IReadOnlyList<IReadOnlyList<object>> cases, int maxAttachments)
    {
        var input = new JsonObject
        {
            ["maxAttachments"] = maxAttachments,
            ["decode"] = new JsonArray(cases.Select(parts => (JsonNode)new JsonArray(parts.Select(Part).ToArray())).ToArray()),
        };
        var output = Run(input.ToJsonString());
        using var document = JsonDocument.Parse(output, new JsonDocumentOptions { MaxDepth = 1000 });
        return document.RootElement.EnumerateArray()
            .Select(result => new Outcome(
                result.GetProperty("status").GetString()!,
                result.GetProperty("packets").GetArrayLength() > 0 ? result.GetProperty("packets")[0].Clone() : null))
            .ToList();
    }

    /// <summary>This codec's outcome for the same case.</summary>
    public static Outcome DecodeHere(IReadOnlyList<object> parts, int maxAttachments)
    {
        var decoder = new SocketPacketDecoder(maxAttachments);
        SocketDecodeResult result = default;
        foreach (var part in parts)
        {
            result = part is string text ? decoder.DecodeText(text) : decoder.DecodeBinary((byte[])part);
            if (result.IsError)
            {
                return new Outcome("error", null);
            }
        }
        return result.IsComplete ? new Outcome("complete", Comparable(result.Packet!)) : new Outcome("pending", null);
    }

    /// <summary>A packet as the reference's decoder output looks once written as JSON.</summary>
    public static JsonElement Comparable(SocketPacket packet)
    {
        var type = packet.Type switch
        {
            SocketPacketType.BinaryEvent => SocketPacketType.Event,
            SocketPacketType.BinaryAck => SocketPacketType.Ack,
            var other => other,
        };
        var node = new JsonObject { ["type"] = (int)type, ["nsp"] = packet.Namespace };
        if (packet.Id is { } id)
        {
            node["id"] = id;
        }
        if (packet.Data is { } data)
        {
            node["data"] = WithBytes(data, packet.Attachments);
        }
        return JsonSerializer.SerializeToElement(node);
    }

    // Rebuilt element by element (not JsonNode.Parse, which refuses duplicate keys): the last duplicate wins, as in
    // JSON.parse, and placeholders become the bytes they stand for.
    private static JsonNode? WithBytes(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (attachments.Count > 0 && SocketPlaceholders.TryGetIndex(element, out var index))
        {
            return new JsonObject { ["$bytes"] = Convert.ToBase64String(attachments[index].Span) };
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = WithBytes(property.Value, attachments);
                }
                return obj;
            case JsonValueKind.Array:
                return new JsonArray(element.EnumerateArray().Select(item => WithBytes(item, attachments)).ToArray());
            default:
                return JsonValue.Create(element);
        }
    }

    private static JsonNode Part(object part) => part switch
    {
        string text => JsonValue.Create(text),
        byte[] bytes => new JsonObject { ["b64"] = Convert.ToBase64String(bytes) },
        _ => throw new ArgumentException($"A part is a string or a byte[], not {part.GetType()}."),
    };

    private static string Run(string input)
    {
        var root = RepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "socket.io-parser")))
        {
            throw new InvalidOperationException("node_modules is missing: run `npm ci` at the repository root (scripts/test does).");
        }
        var script = Path.Combine(root, "tests", "SocketIO.Serverless.Protocol.Tests", "SocketIO", "reference-parser.mjs");
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var stdin = new StreamWriter(process.StandardInput.BaseStream, new System.Text.UTF8Encoding(false)))
            {
                stdin.Write(input);
            }
            if (!process.WaitForExit(Timeout))
            {
                throw new TimeoutException($"node {script} did not finish within {Timeout}.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {stderr.Result}");
            }
            return stdout.Result;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
