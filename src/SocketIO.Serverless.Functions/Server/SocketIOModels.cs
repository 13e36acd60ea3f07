using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Functions;

/// <summary>A member of a group as the Web PubSub API lists it: its connection, user and (extension) socket id.</summary>
public sealed record SocketIOGroupMember(
    [property: JsonPropertyName("connectionId")] string ConnectionId,
    [property: JsonPropertyName("userId")] string? UserId,
    [property: JsonPropertyName("socketId")] string? SocketId);

/// <summary>
/// A connected socket as the gateway or the rooms table reports it: id, namespace, connection and rooms (its own id
/// among them), and, when known, its user id and <c>socket.data</c> (the <c>ce-connectionState</c> value).
/// </summary>
public sealed record SocketIOSocketInfo(
    [property: JsonPropertyName("socketId")] string SocketId,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("connectionId")] string ConnectionId,
    [property: JsonPropertyName("rooms")] IReadOnlyList<string> Rooms)
{
    [JsonPropertyName("userId")]
    public string? UserId { get; init; }

    /// <summary><c>socket.data</c> as the gateway keeps it: base64 of its JSON (read with <see cref="SocketIORemoteSocket.Data"/>).</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }
}

internal sealed record SocketIOPage<T>(
    [property: JsonPropertyName("value")] IReadOnlyList<T>? Value,
    [property: JsonPropertyName("nextLink")] string? NextLink);

internal sealed record GroupsOperation(
    [property: JsonPropertyName("groups")] IReadOnlyList<string> Groups,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Filter);
