using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>The project's extensions, addressing one socket by id: emitWithAck, join, leave, disconnect, read; and fetchSockets.</summary>
internal static class SocketEndpoints
{
    private const int MaxAckTimeoutMs = 600_000;

    public static async Task<IResult> EmitWithAckAsync(HttpContext http, string hub, string socketId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        // Without ?timeout the gateway's SocketIO:AckTimeout applies, as for any emitWithAck without one.
        var timeout = TimeSpan.FromMilliseconds(ManagementInput.PositiveInt(http.Request, "timeout", MaxAckTimeoutMs)
            ?? http.RequestServices.GetRequiredService<IOptions<global::SocketIO.Serverless.Gateway.SocketIO.SocketIOOptions>>().Value.AckTimeout);
        var packet = await ManagementInput.ReadPacketAsync(http.Request, allowDisconnect: false).ConfigureAwait(false);
        try
        {
            var ack = await selector.Server.EmitWithAckAsync(packet.Namespace, socketId, SocketSelector.DataOf(packet), packet.Attachments, timeout, http.RequestAborted).ConfigureAwait(false);
            var body = ServerlessPacketCodec.Encode(SocketPacket.Ack(packet.Namespace, packet.Id ?? 0, ack.Arguments, ack.Attachments));
            return Results.Text(body, ServerlessPayload.ContentType);
        }
        catch (TimeoutException)
        {
            return new ManagementError(StatusCodes.Status504GatewayTimeout, "Timeout", $"Socket {socketId} did not acknowledge within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketNotConnectedException e)
        {
            return ManagementError.NotFound(e.Message);
        }
    }

    public static async Task<IResult> JoinAsync(HttpContext http, string hub, string socketId, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.RoomGroup(group);
        return await selector.Server.JoinAsync(target.Namespace, socketId, [target.Room!], http.RequestAborted).ConfigureAwait(false) ? Results.Ok() : NoSocket(socketId, target.Namespace);
    }

    public static async Task<IResult> LeaveAsync(HttpContext http, string hub, string socketId, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.RoomGroup(group);
        return await selector.Server.LeaveAsync(target.Namespace, socketId, [target.Room!], http.RequestAborted).ConfigureAwait(false) ? Results.NoContent() : NoSocket(socketId, target.Namespace);
    }

    public static async Task<IResult> DisconnectAsync(HttpContext http, string hub, string socketId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var @namespace = NamespaceOf(http.Request);
        var disconnected = await selector.Server.DisconnectSocketsAsync(@namespace, BroadcastTarget.ToRooms(socketId), close: false, http.RequestAborted).ConfigureAwait(false);
        return disconnected is 0 ? NoSocket(socketId, @namespace) : Results.NoContent();
    }

    public static async Task<IResult> GetAsync(HttpContext http, string hub, string socketId)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var @namespace = NamespaceOf(http.Request);
        var sockets = await selector.Server.FetchSocketsAsync(@namespace, BroadcastTarget.ToRooms(socketId), http.RequestAborted).ConfigureAwait(false);
        var socket = sockets.FirstOrDefault(candidate => candidate.SocketId == socketId);
        return socket is null ? NoSocket(socketId, @namespace) : Results.Json(Describe(socket));
    }

    public static async Task<IResult> FetchAsync(HttpContext http, string hub, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.Group(group);
        var except = http.Request.Query["except"].Where(name => !string.IsNullOrEmpty(name)).Select(name => ManagementInput.RoomGroup(name!)).ToList();
        if (except.FirstOrDefault(excluded => excluded.Namespace != target.Namespace) is { Name: { } mismatched })
        {
            return ManagementError.BadRequest($"Group '{mismatched}' in 'except' is not in namespace {target.Namespace}.");
        }

        var rooms = target.Room is { } room ? BroadcastTarget.ToRooms(room) : BroadcastTarget.All;
        var sockets = await selector.Server.FetchSocketsAsync(target.Namespace, rooms.Except(except.Select(excluded => excluded.Room!)), http.RequestAborted).ConfigureAwait(false);
        return Results.Json(new SocketList(sockets.Select(Describe).ToList()));
    }

    private static string NamespaceOf(HttpRequest request)
    {
        var @namespace = request.Query["namespace"].FirstOrDefault();
        if (string.IsNullOrEmpty(@namespace))
        {
            return "/";
        }

        return @namespace.StartsWith('/') ? @namespace : throw ManagementInput.Bad($"namespace '{@namespace}' must start with '/'.");
    }

    private static ManagementError NoSocket(string socketId, string @namespace) => ManagementError.NotFound($"No socket {socketId} is connected to namespace {@namespace}.");

    private static SocketDescription Describe(SocketInfo socket) =>
        new(socket.SocketId, socket.Namespace, socket.ConnectionId, socket.UserId, socket.Rooms.Order(StringComparer.Ordinal).ToList());

    private sealed record SocketDescription(
        [property: JsonPropertyName("socketId")] string SocketId,
        [property: JsonPropertyName("namespace")] string Namespace,
        [property: JsonPropertyName("connectionId")] string ConnectionId,
        [property: JsonPropertyName("userId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId,
        [property: JsonPropertyName("rooms")] IReadOnlyList<string> Rooms);

    private sealed record SocketList([property: JsonPropertyName("value")] IReadOnlyList<SocketDescription> Value);
}
