namespace SocketIO.Serverless.Protocol.Rooms;

/// <summary>The property names of the rooms table's rows (docs/adapter.md): the real names behind escaped or hashed keys, and the socket's record.</summary>
public static class RoomTableColumns
{
    /// <summary>The table's name unless configured (<c>Rooms:TableName</c>, <c>SocketIO:Rooms:TableName</c>).</summary>
    public const string DefaultTableName = "socketiorooms";

    /// <summary>Azure's limit of one transaction: at most this many entities, all of one partition.</summary>
    public const int MaxBatchSize = 100;

    public const string Hub = "Hub";

    public const string Namespace = "Namespace";

    public const string SocketId = "SocketId";

    public const string Room = "Room";

    public const string ConnectionId = "ConnectionId";

    public const string UserId = "UserId";

    /// <summary><c>socket.data</c> as the <c>ce-connectionState</c> header carries it (base64 of JSON).</summary>
    public const string Data = "Data";

    public const string InstanceId = "InstanceId";

    /// <summary>
    /// When a gateway instance last said it is alive (heartbeat rows), in Unix milliseconds (an Int64: compared
    /// the same by Azure and by Azurite, whose DateTime filters are unreliable).
    /// </summary>
    public const string HeartbeatAt = "HeartbeatAt";
}
