namespace SocketIO.Serverless.Gateway.Management;

/// <summary>Web PubSub's send routes: the body's packet to all sockets of its namespace, a group, or a connection.</summary>
internal static class SendEndpoints
{
    public static async Task<IResult> ToAllAsync(HttpContext http, string hub)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var filter = ManagementInput.Filter(http.Request);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: true).ConfigureAwait(false);
        selector.Deliver(packet, [], ManagementInput.Excluded(http.Request), filter);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ToGroupAsync(HttpContext http, string hub, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.Group(group);
        var filter = ManagementInput.Filter(http.Request);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: true).ConfigureAwait(false);
        if (packet.Namespace != target.Namespace)
        {
            return ManagementError.BadRequest($"The packet is for namespace {packet.Namespace} but group '{group}' is in namespace {target.Namespace}.");
        }

        selector.Deliver(packet, target.Room is { } room ? [room] : [], ManagementInput.Excluded(http.Request), filter);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ToConnectionAsync(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: true).ConfigureAwait(false);
        if (selector.Server.FindSocket(connectionId, packet.Namespace) is not { } socketId)
        {
            return ManagementError.NotFound($"Connection '{connectionId}' has no socket in namespace {packet.Namespace}.");
        }

        selector.Deliver(packet, [socketId], [], null);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
