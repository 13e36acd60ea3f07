using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>The OData filters of Socket.IO's room targeting: <c>to(a).to(b).except(c)</c> over group membership.</summary>
internal static class GroupFilter
{
    /// <summary><c>('g1' in groups or 'g2' in groups)</c> for the rooms; null when there are none.</summary>
    public static string? AnyOf(string @namespace, IReadOnlyCollection<string> rooms) =>
        rooms.Count == 0 ? null : "(" + string.Join(" or ", rooms.Select(room => In(@namespace, room))) + ")";

    /// <summary><c>not ('g3' in groups or ...)</c> for the excepted rooms; null when there are none.</summary>
    public static string? NoneOf(string @namespace, IReadOnlyCollection<string> exceptRooms) =>
        exceptRooms.Count == 0 ? null : "not (" + string.Join(" or ", exceptRooms.Select(room => In(@namespace, room))) + ")";

    public static string? And(string? left, string? right) =>
        left is null ? right : right is null ? left : left + " and " + right;

    private static string In(string @namespace, string room) =>
        "'" + SocketIOGroup.ForRoom(@namespace, room).Name.Replace("'", "''", StringComparison.Ordinal) + "' in groups";
}
