using System.Text.Json;

namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>The JSON payload of the handshake <c>open</c> packet.</summary>
public sealed record EngineHandshakeData(string Sid, IReadOnlyList<string> Upgrades, int PingInterval, int PingTimeout, long MaxPayload)
{
    /// <summary><c>{"sid":"...","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}</c></summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sid", Sid);
            writer.WriteStartArray("upgrades");
            foreach (var upgrade in Upgrades)
            {
                writer.WriteStringValue(upgrade);
            }

            writer.WriteEndArray();
            writer.WriteNumber("pingInterval", PingInterval);
            writer.WriteNumber("pingTimeout", PingTimeout);
            writer.WriteNumber("maxPayload", MaxPayload);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The handshake as an <c>open</c> packet.</summary>
    public EnginePacket ToPacket() => EnginePacket.Of(EnginePacketType.Open, ToJson());
}
