namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// What a socket that dropped abnormally leaves behind to be recovered (Socket.IO's <c>Session</c>): its ids, rooms
/// and <c>socket.data</c>, and when it dropped.
/// </summary>
/// <param name="Pid">The private session id the client sends back in its CONNECT auth.</param>
/// <param name="SocketId">The socket id it gets back.</param>
/// <param name="Rooms">The rooms it was in (its own id among them).</param>
/// <param name="Data">Its <c>socket.data</c> as the application left it.</param>
/// <param name="UserId">The user its connection authenticated as.</param>
/// <param name="DisconnectedAt">When it dropped; it expires <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/> later.</param>
internal sealed record RecoverySession(
    string Pid,
    string SocketId,
    IReadOnlyCollection<string> Rooms,
    string? Data,
    string? UserId,
    DateTimeOffset DisconnectedAt)
{
    /// <summary>
    /// The life of the socket it was, when it was on this gateway: a recovered socket waits for it, so the application
    /// sees the old socket's disconnect before the new one's connect.
    /// </summary>
    public Task Previous { get; init; } = Task.CompletedTask;

    /// <summary>The context of that socket (for <see cref="Applications.SocketContext.RecoveredFrom"/>), when it was on this gateway.</summary>
    public Applications.SocketContext? PreviousContext { get; init; }
}

/// <summary>Where sessions wait for their client: this gateway's memory, or the rooms table (any gateway).</summary>
internal interface IRecoverySessionStore
{
    /// <summary>Keeps a session once <paramref name="removal"/> (the socket's removal from the adapter) completed.</summary>
    void Save(string hub, string @namespace, RecoverySession session, Task removal);

    /// <summary>A socket left on purpose: its session (if the store tracks live ones) is dropped.</summary>
    void Forget(string hub, string @namespace, string pid);

    /// <summary>Takes the session of <paramref name="pid"/> (no one else can take it after), or null when there is none or it expired.</summary>
    ValueTask<RecoverySession?> TakeAsync(string hub, string @namespace, string pid, CancellationToken cancellationToken);
}
