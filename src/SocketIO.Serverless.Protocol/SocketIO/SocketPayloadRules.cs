using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>The payload shape each packet type allows, as the reference parser checks it on decode.</summary>
public static class SocketPayloadRules
{
    /// <summary>Event names a peer must not send: they have a special meaning to Socket.IO or to the Node.js
    /// EventEmitter (the reference parser refuses EVENT packets that use them).</summary>
    public static IReadOnlyList<string> ReservedEventNames { get; } =
        ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>True when <paramref name="name"/> is one of <see cref="ReservedEventNames"/>.</summary>
    public static bool IsReservedEventName(string name) => ReservedEventNames.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Checks a decoded payload (absent = null) against the rules of its packet type: CONNECT an object if
    /// present; DISCONNECT none; EVENT a non-empty array starting with a non-reserved string name (or a number,
    /// which the reference also allows); ACK an array; CONNECT_ERROR an object or a string if present.
    /// </summary>
    public static bool IsValid(SocketPacketType type, JsonElement? payload) => type switch
    {
        SocketPacketType.Connect => payload is null || payload.Value.ValueKind == JsonValueKind.Object,
        SocketPacketType.Disconnect => payload is null,
        SocketPacketType.Event or SocketPacketType.BinaryEvent => payload is { } data && IsValidEventArray(data),
        SocketPacketType.Ack or SocketPacketType.BinaryAck => payload is { ValueKind: JsonValueKind.Array },
        SocketPacketType.ConnectError => payload is null || payload.Value.ValueKind is JsonValueKind.Object or JsonValueKind.String,
        _ => false,
    };

    private static bool IsValidEventArray(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return false;
        }
        var name = TryGetEventName(data);
        return name is not null && !IsReservedEventName(name);
    }

    /// <summary>The event name of an EVENT payload array, or null when the first element is neither a string
    /// nor a number, or is a string that cannot be represented (an escaped lone surrogate).</summary>
    internal static string? TryGetEventName(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return null;
        }
        var first = data[0];
        switch (first.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return first.GetString();
                }
                catch (InvalidOperationException)
                {
                    // "\ud800" is valid JSON but not a valid .NET string: not a usable event name.
                    return null;
                }
            case JsonValueKind.Number:
                return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(first));
            default:
                return null;
        }
    }
}
