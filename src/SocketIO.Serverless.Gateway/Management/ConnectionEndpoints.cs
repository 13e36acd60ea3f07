namespace SocketIO.Serverless.Gateway.Management;

/// <summary>Web PubSub's connection routes: close an Engine.IO connection, check that one exists.</summary>
internal static class ConnectionEndpoints
{
    public const string DefaultCloseReason = "forced close";

    public static IResult Close(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var reason = http.Request.Query["reason"].FirstOrDefault();
        selector.Server.CloseConnection(connectionId, string.IsNullOrWhiteSpace(reason) ? DefaultCloseReason : reason);
        return Results.NoContent();
    }

    public static IResult Exists(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        return selector.Server.ConnectionExists(connectionId) ? Results.Ok() : ManagementError.NotFound($"Connection '{connectionId}' does not exist.");
    }
}
