namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>The encoded form of a packet: the text part (without the Engine.IO "4" message prefix), then one
/// binary Engine.IO message per attachment, in order.</summary>
public sealed record EncodedSocketPacket(string Text, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);
