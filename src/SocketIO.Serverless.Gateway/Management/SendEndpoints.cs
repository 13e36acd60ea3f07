namespace SocketIO.Serverless.Gateway.Management;

/// <summary>Web PubSub's send routes: the body's packet to all sockets of its namespace, a group, or a connection.</summary>
internal static class SendEndpoints
{
    public static async Task<IResult> ToAllAsync(HttpContext http, string hub)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var filter = ManagementInput.Filter(http.Request);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: true).ConfigureAwait(false);
        await selector.DeliverAsync(packet, [], ManagementInput.Excluded(http.Request), filter, http.RequestAborted).ConfigureAwait(false);
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

        await selector.DeliverAsync(packet, target.Room is { } room ? [room] : [], ManagementInput.Excluded(http.Request), filter, http.RequestAborted).ConfigureAwait(false);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ToConnectionAsync(HttpContext http, string hub, string connectionId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: true).ConfigureAwait(false);
        if (await selector.Server.FindSocketAsync(connectionId, packet.Namespace, http.RequestAborted).ConfigureAwait(false) is not { } socketId)
        {
            return ManagementError.NotFound($"Connection '{connectionId}' has no socket in namespace {packet.Namespace}.");
        }

        await selector.DeliverAsync(packet, [socketId], [], null, http.RequestAborted).ConfigureAwait(false);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}
