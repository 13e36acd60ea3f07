using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>What connection state recovery adds to the Socket.IO v5 wire: the CONNECT reply's <c>pid</c>, the client's <c>{pid, offset}</c> auth, and the offset as an event's last argument.</summary>
internal static class RecoveryWire
{
    /// <summary>The CONNECT payload <c>{"sid":"...","pid":"..."}</c> with recovery on.</summary>
    public static JsonElement Handshake(string socketId, string pid) => SocketJson.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("sid", socketId);
        writer.WriteString("pid", pid);
        writer.WriteEndObject();
    });

    /// <summary>The session a client asks to recover: its CONNECT auth has string <c>pid</c> and <c>offset</c> (as Node requires).</summary>
    public static bool TryReadAuth(string? authJson, out string pid, out string offset)
    {
        pid = "";
        offset = "";
        if (string.IsNullOrEmpty(authJson))
        {
            return false;
        }

        try
        {
            using var auth = JsonDocument.Parse(authJson);
            if (auth.RootElement.ValueKind == JsonValueKind.Object
                && auth.RootElement.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.String
                && auth.RootElement.TryGetProperty("offset", out var o) && o.ValueKind == JsonValueKind.String)
            {
                pid = p.GetString()!;
                offset = o.GetString()!;
                return pid.Length > 0 && offset.Length > 0;
            }
        }
        catch (JsonException)
        {
            // Not an object we can read: an ordinary connect.
        }

        return false;
    }

    /// <summary>An EVENT's data with the offset appended as its last argument (where the client reads it from).</summary>
    public static JsonElement WithOffset(JsonElement data, string offset) => SocketJson.Build(writer =>
    {
        writer.WriteStartArray();
        foreach (var item in data.EnumerateArray())
        {
            item.WriteTo(writer);
        }

        writer.WriteStringValue(offset);
        writer.WriteEndArray();
    });
}
