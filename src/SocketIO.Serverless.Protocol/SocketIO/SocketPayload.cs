using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>A JSON payload with its binary attachments, ready for <see cref="SocketPacket.Event"/> or
/// <see cref="SocketPacket.Ack"/>: every byte array became a {"_placeholder":true,"num":N} in Data.</summary>
public readonly record struct SocketPayload(JsonElement Data, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);
