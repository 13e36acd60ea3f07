namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// What the adapter keeps of a socket besides its rooms: the record a durable adapter stores and that other readers
/// (functions, other gateways) see.
/// </summary>
/// <param name="Id">The Socket.IO socket id (also the room of its own id).</param>
/// <param name="ConnectionId">The Engine.IO session carrying it.</param>
/// <param name="UserId">The user its connection authenticated as, if any.</param>
/// <param name="Data">Its <c>socket.data</c> as the application keeps it (the <c>ce-connectionState</c> value), if any.</param>
public sealed record SocketRecord(string Id, string ConnectionId, string? UserId, string? Data)
{
    /// <summary>Its private session id when connection state recovery is on (docs/recovery.md): what a durable adapter keys its session by.</summary>
    public string? Pid { get; init; }
}
