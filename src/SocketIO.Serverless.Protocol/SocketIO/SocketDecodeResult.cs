namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>What one call to <see cref="SocketPacketDecoder"/> produced.</summary>
public enum SocketDecodeStatus
{
    /// <summary>A whole packet was decoded: <see cref="SocketDecodeResult.Packet"/> is set.</summary>
    Complete,
    /// <summary>A BINARY_* packet is waiting for more binary attachments.</summary>
    NeedMoreAttachments,
    /// <summary>The input was refused: <see cref="SocketDecodeResult.Error"/> says why.</summary>
    Error,
}

/// <summary>The outcome of feeding one Engine.IO message to a <see cref="SocketPacketDecoder"/>.</summary>
public readonly record struct SocketDecodeResult(SocketDecodeStatus Status, SocketPacket? Packet, SocketParseError Error)
{
    public static readonly SocketDecodeResult NeedMore = new(SocketDecodeStatus.NeedMoreAttachments, null, SocketParseError.None);

    public static SocketDecodeResult Completed(SocketPacket packet) => new(SocketDecodeStatus.Complete, packet, SocketParseError.None);

    public static SocketDecodeResult Failed(SocketParseError error) => new(SocketDecodeStatus.Error, null, error);

    public bool IsComplete => Status == SocketDecodeStatus.Complete;

    public bool IsError => Status == SocketDecodeStatus.Error;
}
