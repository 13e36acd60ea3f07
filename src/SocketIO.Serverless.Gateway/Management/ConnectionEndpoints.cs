namespace SocketIO.Serverless.Gateway.Management;

/// <summary>Web PubSub's connection routes: close an Engine.IO connection, check that one exists.</summary>
internal static class ConnectionEndpoints
{
    public const string DefaultCloseReason = "forced close";

    public static async Task<IResult> CloseAsync(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var reason = http.Request.Query["reason"].FirstOrDefault();
        await selector.Server.CloseConnectionAsync(connectionId, string.IsNullOrWhiteSpace(reason) ? DefaultCloseReason : reason, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> ExistsAsync(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        return await selector.Server.ConnectionExistsAsync(connectionId, http.RequestAborted).ConfigureAwait(false) ? Results.Ok() : ManagementError.NotFound($"Connection '{connectionId}' does not exist.");
    }
}
