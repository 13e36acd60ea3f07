using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>What one gateway asks the others to do (socket.io-redis-adapter's request types).</summary>
internal enum ClusterOperation
{
    Join,
    Leave,
    EmitWithAck,
    RoomsOf,
    FindSocket,
    CloseConnection,
    ConnectionExists,
    AddSockets,
    DelSockets,
    DisconnectSockets,
    FetchSockets,
}

/// <summary>
/// A packet for the sockets of a target on every other gateway, published once on the channel of its hub and
/// namespace. <see cref="Messages"/> is the packet as this gateway encoded it, so no gateway encodes it again.
/// </summary>
internal sealed class ClusterBroadcast
{
    public required string Origin { get; init; }

    public required string[] Rooms { get; init; }

    public required string[] ExceptRooms { get; init; }

    public required ClusterEngineMessage[] Messages { get; init; }

    /// <summary>The recovery offset the origin gave the packet (docs/recovery.md): every gateway keeps it under that offset.</summary>
    public string? Offset { get; init; }

    public static ClusterBroadcast From(string origin, OutboundPacket packet, BroadcastTarget target) => new()
    {
        Origin = origin,
        Offset = packet.Offset,
        Rooms = [.. target.Rooms],
        ExceptRooms = [.. target.ExceptRooms],
        Messages = [.. packet.Messages.Select(ClusterEngineMessage.From)],
    };

    public BroadcastTarget Target() => BroadcastTarget.ToRooms(Rooms).Except(ExceptRooms).With(BroadcastFlags.Local);

    public OutboundPacket Packet() => OutboundPacket.FromMessages([.. Messages.Select(message => message.ToEngineMessage())], Offset);
}

/// <summary>One Engine.IO message of an encoded packet: its text, or its binary bytes (base64 in JSON).</summary>
internal sealed class ClusterEngineMessage
{
    [JsonPropertyName("t")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [JsonPropertyName("b")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Binary { get; init; }

    public static ClusterEngineMessage From(EngineMessage message) =>
        message.IsBinary ? new ClusterEngineMessage { Binary = message.Binary.ToArray() } : new ClusterEngineMessage { Text = message.Text };

    public EngineMessage ToEngineMessage() =>
        Text is { } text ? EngineMessage.FromText(text) : EngineMessage.FromBinary(Binary ?? []);
}

/// <summary>A request to every other gateway; the ones concerned answer on the requester's response channel.</summary>
internal sealed class ClusterRequest
{
    public required string Id { get; init; }

    public required string Origin { get; init; }

    public required ClusterOperation Operation { get; init; }

    public required string Hub { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The target of a namespace operation (its rooms and except rooms).</summary>
    public string[]? TargetRooms { get; init; }

    public string[]? ExceptRooms { get; init; }

    public string? SocketId { get; init; }

    public string? ConnectionId { get; init; }

    /// <summary>The rooms to join or leave.</summary>
    public string[]? Rooms { get; init; }

    public bool Close { get; init; }

    public string? Reason { get; init; }

    public JsonElement? Data { get; init; }

    public byte[][]? Attachments { get; init; }

    public int TimeoutMs { get; init; }

    public BroadcastTarget Target() =>
        BroadcastTarget.ToRooms(TargetRooms ?? []).Except(ExceptRooms ?? []).With(BroadcastFlags.Local);
}

/// <summary>One gateway's answer to a <see cref="ClusterRequest"/>.</summary>
internal sealed class ClusterResponse
{
    public required string Id { get; init; }

    public required string From { get; init; }

    /// <summary>Whether this gateway holds the socket or connection the request is about.</summary>
    public bool Found { get; init; }

    public int Count { get; init; }

    public string? SocketId { get; init; }

    public string[]? Rooms { get; init; }

    public SocketInfo[]? Sockets { get; init; }

    public JsonElement? AckArguments { get; init; }

    public byte[][]? AckAttachments { get; init; }

    /// <summary>Why the owner could not do it: <c>timeout</c> (no ack in time), or a message.</summary>
    public string? Error { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClusterBroadcast))]
[JsonSerializable(typeof(ClusterRequest))]
[JsonSerializable(typeof(ClusterResponse))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
