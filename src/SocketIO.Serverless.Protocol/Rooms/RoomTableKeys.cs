using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SocketIO.Serverless.Protocol.Rooms;

/// <summary>
/// The keys of the rooms table (docs/adapter.md, "The rooms table"), shared by the gateway that writes it and the
/// Functions SDK that reads it. Room, namespace, hub, socket and instance names are arbitrary strings, but Azure
/// Table Storage forbids <c>/ \ # ?</c> and control characters in PartitionKey and RowKey and holds at most 1 KiB
/// per key. So every name is one key component: escaped reversibly (<see cref="Escape"/>), or, when its escaped
/// form is longer than <see cref="MaxComponentLength"/>, replaced by a hash (the real name is kept in a property).
/// Components are joined by <see cref="Separator"/>, which escaping never leaves in a component.
/// </summary>
public static class RoomTableKeys
{
    /// <summary>Joins the components of a key; never appears inside an escaped component. Its successor (<c>}</c>) is printable, so a key range ends in a valid string too.</summary>
    public const char Separator = '|';

    /// <summary>Starts an escape: <c>!XX</c> (two upper-case hex digits, U+0000..U+00FF), <c>!uXXXX</c> (a lone surrogate) or <c>!h</c> + hash.</summary>
    public const char EscapeChar = '!';

    /// <summary>Longest escaped component kept as is; longer ones are hashed, so that every key stays far below the 1 KiB limit.</summary>
    public const int MaxComponentLength = 120;

    /// <summary>Azure's limit of a PartitionKey or RowKey: 1 KiB, i.e. 512 UTF-16 code units.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The partition of gateway instances: heartbeat rows and the namespaces each instance has sockets in.</summary>
    public const string InstancesPartition = "g";

    /// <summary>RowKey prefix of a socket's record in its namespace partition.</summary>
    public const string SocketPrefix = "s";

    /// <summary>RowKey prefix of a room member (room, then socket): who is in a room.</summary>
    public const string MemberPrefix = "r";

    /// <summary>RowKey prefix of a socket's joined room (socket, then room): which rooms a socket is in.</summary>
    public const string JoinedPrefix = "j";

    /// <summary>RowKey prefix of a socket owned by a gateway instance (instance, then socket): what to clean up when it dies.</summary>
    public const string OwnedPrefix = "i";

    private const string HashMarker = "h";

    /// <summary>The partition of one namespace of one hub: every row about its sockets and rooms, so a join is one transaction.</summary>
    public static string NamespacePartition(string hub, string @namespace) => Join("n", Component(NormalizeHub(hub)), Component(@namespace));

    public static string SocketRow(string socketId) => Join(SocketPrefix, Component(socketId));

    public static string MemberRow(string room, string socketId) => Join(MemberPrefix, Component(room), Component(socketId));

    /// <summary>The first RowKey of a room's member rows; every one of them is below <see cref="UpperBound"/> of it.</summary>
    public static string MembersOf(string room) => Join(MemberPrefix, Component(room)) + Separator;

    public static string JoinedRow(string socketId, string room) => Join(JoinedPrefix, Component(socketId), Component(room));

    public static string JoinedBy(string socketId) => Join(JoinedPrefix, Component(socketId)) + Separator;

    public static string OwnedRow(string instanceId, string socketId) => Join(OwnedPrefix, Component(instanceId), Component(socketId));

    public static string OwnedBy(string instanceId) => Join(OwnedPrefix, Component(instanceId)) + Separator;

    /// <summary>Every socket row of a namespace partition starts with this.</summary>
    public static string AllSockets => SocketPrefix + Separator;

    /// <summary>The heartbeat row of a gateway instance (partition <see cref="InstancesPartition"/>).</summary>
    public static string InstanceRow(string instanceId) => Component(instanceId);

    /// <summary>The row saying a gateway instance has sockets in a namespace (partition <see cref="InstancesPartition"/>).</summary>
    public static string InstanceNamespaceRow(string instanceId, string hub, string @namespace) =>
        Join(Component(instanceId), Component(NormalizeHub(hub)), Component(@namespace));

    public static string InstanceNamespacesOf(string instanceId) => Component(instanceId) + Separator;

    /// <summary>The exclusive end of the key range of every key that starts with <paramref name="prefix"/> (which ends in <see cref="Separator"/>).</summary>
    public static string UpperBound(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return prefix[..^1] + (char)(prefix[^1] + 1);
    }

    /// <summary>Hub names compare case-insensitively (as Web PubSub's); keys use the lower-case form.</summary>
    public static string NormalizeHub(string hub)
    {
        ArgumentException.ThrowIfNullOrEmpty(hub);
        return hub.ToLowerInvariant();
    }

    /// <summary>A name as one key component: escaped, or hashed when the escaped form is too long.</summary>
    public static string Component(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var escaped = Escape(name);
        return escaped.Length <= MaxComponentLength ? escaped : Hash(name);
    }

    /// <summary>Whether <see cref="Component"/> hashed this name (then only the row's property holds the real name).</summary>
    public static bool IsHashed(string component) => component.StartsWith(EscapeChar + HashMarker, StringComparison.Ordinal);

    /// <summary>
    /// Escapes what a key may not hold and what this scheme reserves: <c>/ \ # ?</c>, control characters
    /// (U+0000..U+001F, U+007F..U+009F), <c>%</c> (which the service's entity URLs decode), <see cref="Separator"/>,
    /// <see cref="EscapeChar"/>, and lone surrogates (not encodable in a request). Everything else stays, emoji too.
    /// </summary>
    public static string Escape(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        StringBuilder? escaped = null;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            string? replacement = null;
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                escaped?.Append(c).Append(name[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                replacement = EscapeChar + "u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }
            else if (MustEscape(c))
            {
                replacement = EscapeChar + ((int)c).ToString("X2", CultureInfo.InvariantCulture);
            }

            if (replacement is null)
            {
                escaped?.Append(c);
                continue;
            }

            escaped ??= new StringBuilder(name, 0, i, name.Length + 8);
            escaped.Append(replacement);
        }

        return escaped?.ToString() ?? name;
    }

    /// <summary>The name <see cref="Escape"/> made <paramref name="component"/> from. Throws for a hashed or malformed component.</summary>
    public static string Unescape(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (IsHashed(component))
        {
            throw new FormatException("A hashed key component cannot be reversed: read the row's name property.");
        }

        var name = new StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            if (component[i] != EscapeChar)
            {
                name.Append(component[i]);
                continue;
            }

            var isWide = i + 1 < component.Length && component[i + 1] == 'u';
            var start = isWide ? i + 2 : i + 1;
            var digits = isWide ? 4 : 2;
            if (start + digits > component.Length || !int.TryParse(component.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"Malformed escape at {i} in key component '{component}'.");
            }

            name.Append((char)code);
            i = start + digits - 1;
        }

        return name.ToString();
    }

    /// <summary>Whether a key obeys Azure Table Storage's documented rules (the service refuses it otherwise; Azurite is laxer).</summary>
    public static bool IsValidKey(string key) =>
        key.Length <= MaxKeyLength && !key.Any(c => c is '/' or '\\' or '#' or '?' || IsControl(c));

    private static bool MustEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' or Separator or EscapeChar || IsControl(c);

    private static bool IsControl(char c) => c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    // SHA-256 of the UTF-16LE code units (exact even for lone surrogates), as 64 upper-case hex digits.
    private static string Hash(string name) =>
        EscapeChar + HashMarker + Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(name.AsSpan())));

    private static string Join(params string[] components) => string.Join(Separator, components);
}
