namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>Bounds the decoder enforces so that hostile input cannot overflow numbers or exhaust the stack.</summary>
public static class SocketPacketLimits
{
    /// <summary>Largest ack id accepted: JavaScript's Number.MAX_SAFE_INTEGER, the largest id a JS peer can
    /// represent exactly (the reference parser silently rounds bigger ones).</summary>
    public const long MaxAckId = 9_007_199_254_740_991;

    /// <summary>Deepest JSON nesting accepted in a payload (System.Text.Json's default).</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Reference parser's default for the number of attachments of one packet.</summary>
    public const int ReferenceMaxAttachments = 10;

    /// <summary>
    /// Default bound on the bytes of a BINARY_* packet's attachments held until the packet is complete: ten
    /// attachments of the reference's default maxHttpBufferSize (1e6 bytes) each.
    /// </summary>
    public const long DefaultMaxAttachmentBytes = 10_000_000;
}
