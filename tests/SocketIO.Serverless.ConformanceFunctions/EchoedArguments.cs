using System.Text.Json;
using SocketIO.Serverless.Functions;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.ConformanceFunctions;

/// <summary>
/// An event's arguments as values the SDK can emit or ack again unchanged: JSON stays JSON, and every binary
/// placeholder, at any depth, becomes its attachment's bytes (which the SDK sends as an attachment again).
/// </summary>
internal static class EchoedArguments
{
    public static object?[] Of(SocketIOEvent ev) =>
        [.. ev.Arguments.Select(argument => Restore(argument, ev.Attachments))];

    private static object? Restore(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (SocketPlaceholders.TryGetIndex(value, out var index) && index < attachments.Count)
        {
            return attachments[index].ToArray();
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    properties[property.Name] = Restore(property.Value, attachments);
                }

                return properties;
            case JsonValueKind.Array:
                return value.EnumerateArray().Select(item => Restore(item, attachments)).ToList();
            default:
                return value.Clone();
        }
    }
}
