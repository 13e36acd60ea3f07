using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Maps the management REST API (docs/management-api.md): Web PubSub's routes, then the project's extensions.
/// Needs the Socket.IO layer (<see cref="ISocketHubs"/>) and <c>AddUpstream</c> (options, access key).
/// </summary>
public static class ManagementEndpoints
{
    public static RouteGroupBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/hubs/{hub}")
            .AddEndpointFilter<ManagementAuthFilter>();

        api.MapPost("/:send", SendEndpoints.ToAllAsync);
        api.MapPost("/groups/{group}/:send", SendEndpoints.ToGroupAsync);
        api.MapPost("/connections/{connectionId}/:send", SendEndpoints.ToConnectionAsync);

        api.MapPut("/groups/{group}/connections/{connectionId}", GroupEndpoints.AddConnectionAsync);
        api.MapDelete("/groups/{group}/connections/{connectionId}", GroupEndpoints.RemoveConnectionAsync);
        api.MapPost("/:addToGroups", GroupEndpoints.AddToGroupsAsync);
        api.MapPost("/:removeFromGroups", GroupEndpoints.RemoveFromGroupsAsync);
        api.MapMethods("/groups/{group}", [HttpMethods.Head], GroupEndpoints.GroupExistsAsync);
        api.MapGet("/groups/{group}/connections", GroupEndpoints.ListConnectionsAsync);

        api.MapDelete("/connections/{connectionId}", ConnectionEndpoints.CloseAsync);
        api.MapMethods("/connections/{connectionId}", [HttpMethods.Head], ConnectionEndpoints.ExistsAsync);

        api.MapPost("/sockets/{socketId}/:emitWithAck", SocketEndpoints.EmitWithAckAsync);
        api.MapPut("/sockets/{socketId}/groups/{group}", SocketEndpoints.JoinAsync);
        api.MapDelete("/sockets/{socketId}/groups/{group}", SocketEndpoints.LeaveAsync);
        api.MapDelete("/sockets/{socketId}", SocketEndpoints.DisconnectAsync);
        api.MapGet("/sockets/{socketId}", SocketEndpoints.GetAsync);
        api.MapGet("/groups/{group}/sockets", SocketEndpoints.FetchAsync);
        return api;
    }

    /// <summary>Checks hub and api-version, and gives the hub's sockets.</summary>
    internal static SocketSelector Selector(HttpContext http, string hub)
    {
        ManagementInput.Validate(http.Request, hub);
        var servers = http.RequestServices.GetRequiredService<ISocketHubs>();
        return new SocketSelector(servers.Get(hub), hub);
    }
}
