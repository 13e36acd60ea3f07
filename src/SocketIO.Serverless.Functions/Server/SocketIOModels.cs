using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Functions;

/// <summary>A member of a group as the Web PubSub API lists it: its connection, user and (extension) socket id.</summary>
public sealed record SocketIOGroupMember(
    [property: JsonPropertyName("connectionId")] string ConnectionId,
    [property: JsonPropertyName("userId")] string? UserId,
    [property: JsonPropertyName("socketId")] string? SocketId);

/// <summary>A connected socket as the gateway reports it: id, namespace, connection and rooms (its own id among them).</summary>
public sealed record SocketIOSocketInfo(
    [property: JsonPropertyName("socketId")] string SocketId,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("connectionId")] string ConnectionId,
    [property: JsonPropertyName("rooms")] IReadOnlyList<string> Rooms);

internal sealed record SocketIOPage<T>(
    [property: JsonPropertyName("value")] IReadOnlyList<T>? Value,
    [property: JsonPropertyName("nextLink")] string? NextLink);

internal sealed record GroupsOperation(
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Filter);
