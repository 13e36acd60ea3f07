namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>
/// One Engine.IO packet. Text packets carry <see cref="Text"/> (may be empty); binary "message" packets carry
/// <see cref="Binary"/> and a null <see cref="Text"/>.
/// </summary>
public readonly record struct EnginePacket(EnginePacketType Type, string? Text, ReadOnlyMemory<byte> Binary)
{
    /// <summary>The <c>probe</c> payload of the ping/pong pair that tests a transport during an upgrade.</summary>
    public const string Probe = "probe";

    /// <summary>True for a binary "message" packet (<see cref="Text"/> is null).</summary>
    public bool IsBinary => Text is null;

    public static EnginePacket Message(string text) => new(EnginePacketType.Message, text ?? throw new ArgumentNullException(nameof(text)), default);

    public static EnginePacket BinaryMessage(ReadOnlyMemory<byte> data) => new(EnginePacketType.Message, null, data);

    /// <summary>A text packet of any type; a null text means an empty payload (<c>"6"</c>, <c>"2"</c>).</summary>
    public static EnginePacket Of(EnginePacketType type, string? text = null) => new(type, text ?? string.Empty, default);

    public override string ToString() => IsBinary ? $"{Type} binary({Binary.Length})" : $"{Type} text({Text!.Length})";
}
