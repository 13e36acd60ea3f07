namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// One Engine.IO "message" packet's payload, as the layer above Engine.IO sees it: either text or binary.
/// The transport decides how it travels (a WebSocket text/binary frame, or a polling record with <c>b</c>+base64).
/// </summary>
public readonly record struct EngineMessage
{
    private EngineMessage(string? text, ReadOnlyMemory<byte> binary)
    {
        Text = text;
        Binary = binary;
    }

    /// <summary>The text payload, or <c>null</c> for a binary message.</summary>
    public string? Text { get; }

    /// <summary>The binary payload; empty for a text message.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    public bool IsBinary => Text is null;

    public static EngineMessage FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), default);

    public static EngineMessage FromBinary(ReadOnlyMemory<byte> binary) => new(null, binary);

    public override string ToString() => IsBinary ? $"binary({Binary.Length})" : $"text({Text!.Length})";
}
