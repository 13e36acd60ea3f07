using System.Globalization;
using System.Text;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>Web PubSub's group routes: membership of a connection's socket, filtered bulk membership, listing.</summary>
internal static class GroupEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 200;

    public static Task<IResult> AddConnectionAsync(HttpContext http, string hub, string group, string connectionId) =>
        ChangeMembershipAsync(http, hub, group, connectionId, join: true);

    public static Task<IResult> RemoveConnectionAsync(HttpContext http, string hub, string group, string connectionId) =>
        ChangeMembershipAsync(http, hub, group, connectionId, join: false);

    public static async Task<IResult> AddToGroupsAsync(HttpContext http, string hub) => await ChangeManyAsync(http, hub, join: true).ConfigureAwait(false);

    public static async Task<IResult> RemoveFromGroupsAsync(HttpContext http, string hub) => await ChangeManyAsync(http, hub, join: false).ConfigureAwait(false);

    public static async Task<IResult> GroupExistsAsync(HttpContext http, string hub, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.Group(group);
        var sockets = await selector.Server.FetchSocketsAsync(target.Namespace, TargetOf(target), http.RequestAborted).ConfigureAwait(false);
        var any = sockets.Count > 0;
        return any ? Results.Ok() : ManagementError.NotFound($"Group '{group}' has no connection.");
    }

    public static async Task<IResult> ListConnectionsAsync(HttpContext http, string hub, string group)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.Group(group);
        var pageSize = ManagementInput.PositiveInt(http.Request, "maxpagesize", MaxPageSize) ?? DefaultPageSize;
        var top = ManagementInput.PositiveInt(http.Request, "top", int.MaxValue);
        var after = ContinuationAfter(http.Request);

        // Ordered by socket id, and resumed after the last id returned: pages stay consistent while sockets come and go.
        var sockets = (await selector.Server.FetchSocketsAsync(target.Namespace, TargetOf(target), http.RequestAborted).ConfigureAwait(false))
            .Where(socket => after is null || string.CompareOrdinal(socket.SocketId, after) > 0)
            .OrderBy(socket => socket.SocketId, StringComparer.Ordinal)
            .ToList();
        var take = Math.Min(pageSize, top ?? int.MaxValue);
        var page = sockets.Take(take).ToList();
        var remaining = top is { } limit ? limit - page.Count : (int?)null;
        var more = sockets.Count > page.Count && remaining is null or > 0;
        var value = page.Select(socket => new GroupMember(socket.ConnectionId, socket.UserId, socket.SocketId)).ToList();
        return Results.Json(new GroupMemberPage(value, more ? NextLink(http.Request, page[^1].SocketId, pageSize, remaining) : null));
    }

    private static async Task<IResult> ChangeMembershipAsync(HttpContext http, string hub, string group, string connectionId, bool join)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var target = ManagementInput.RoomGroup(group);
        if (await selector.Server.FindSocketAsync(connectionId, target.Namespace, http.RequestAborted).ConfigureAwait(false) is not { } socketId)
        {
            return ManagementError.NotFound($"Connection '{connectionId}' has no socket in namespace {target.Namespace}.");
        }

        var done = join
            ? await selector.Server.JoinAsync(target.Namespace, socketId, [target.Room!], http.RequestAborted).ConfigureAwait(false)
            : await selector.Server.LeaveAsync(target.Namespace, socketId, [target.Room!], http.RequestAborted).ConfigureAwait(false);
        if (!done)
        {
            return ManagementError.NotFound($"The socket of connection '{connectionId}' in namespace {target.Namespace} disconnected.");
        }

        return join ? Results.Ok() : Results.NoContent();
    }

    private static async Task<IResult> ChangeManyAsync(HttpContext http, string hub, bool join)
    {
        var selector = ManagementEndpoints.Selector(http, hub);
        var (groups, filter) = await ManagementInput.ReadGroupsBodyAsync(http.Request).ConfigureAwait(false);
        foreach (var byNamespace in groups.GroupBy(group => group.Namespace, StringComparer.Ordinal))
        {
            var rooms = byNamespace.Select(group => group.Room!).Distinct(StringComparer.Ordinal).ToList();
            var selected = await selector.SelectAsync(byNamespace.Key, [], [], filter, http.RequestAborted).ConfigureAwait(false);
            if (selected.Count == 0)
            {
                continue;
            }

            // Each socket is in the room of its own id: the filtered sockets are exactly the rooms to address, in one adapter call.
            var target = BroadcastTarget.ToRooms(selected.Select(socket => socket.SocketId));
            var change = join
                ? selector.Server.SocketsJoinAsync(byNamespace.Key, target, rooms, http.RequestAborted)
                : selector.Server.SocketsLeaveAsync(byNamespace.Key, target, rooms, http.RequestAborted);
            await change.ConfigureAwait(false);
        }

        return Results.Ok();
    }

    private static BroadcastTarget TargetOf(SocketIOGroup group) => group.Room is { } room ? BroadcastTarget.ToRooms(room) : BroadcastTarget.All;

    private static string? ContinuationAfter(HttpRequest request)
    {
        if (!request.Query.TryGetValue("continuationToken", out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.ToString()));
        }
        catch (FormatException)
        {
            throw ManagementInput.Bad($"continuationToken '{token}' was not issued by this API.");
        }
    }

    private static string NextLink(HttpRequest request, string lastSocketId, int pageSize, int? remaining)
    {
        var query = new StringBuilder("?api-version=").Append(Uri.EscapeDataString(request.Query["api-version"].FirstOrDefault() ?? ManagementApi.ApiVersion));
        query.Append("&maxpagesize=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (remaining is { } top)
        {
            query.Append("&top=").Append(top.ToString(CultureInfo.InvariantCulture));
        }

        query.Append("&continuationToken=").Append(System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastSocketId)));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{query}";
    }

    private sealed record GroupMember(
        [property: System.Text.Json.Serialization.JsonPropertyName("connectionId")] string ConnectionId,
        [property: System.Text.Json.Serialization.JsonPropertyName("userId"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? UserId,
        [property: System.Text.Json.Serialization.JsonPropertyName("socketId")] string SocketId);

    private sealed record GroupMemberPage(
        [property: System.Text.Json.Serialization.JsonPropertyName("value")] IReadOnlyList<GroupMember> Value,
        [property: System.Text.Json.Serialization.JsonPropertyName("nextLink"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? NextLink);
}
