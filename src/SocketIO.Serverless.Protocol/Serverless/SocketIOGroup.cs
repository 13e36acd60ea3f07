using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// A Socket.IO namespace or room as a Web PubSub group name, the way Web PubSub for Socket.IO maps them:
/// <c>0~base64url(namespace)~base64url(room)</c> for a room and <c>0~base64url(namespace)~</c> for the whole
/// namespace (base64url without padding, of the UTF-8 bytes). Every socket is also in the room of its own id.
/// </summary>
public readonly record struct SocketIOGroup
{
    private const string Prefix = "0~";
    private const char Separator = '~';

    private SocketIOGroup(string @namespace, string? room, string name)
    {
        Namespace = @namespace;
        Room = room;
        Name = name;
    }

    /// <summary>The namespace, e.g. "/" or "/admin".</summary>
    public string Namespace { get; }

    /// <summary>The room, or null when the group stands for the whole namespace.</summary>
    public string? Room { get; }

    /// <summary>The encoded group name, e.g. <c>0~Lw~cm0</c> for room "rm" of "/".</summary>
    public string Name { get; }

    public bool IsNamespace => Room is null;

    /// <summary>The group of room <paramref name="room"/> (non-empty) in <paramref name="namespace"/>.</summary>
    public static SocketIOGroup ForRoom(string @namespace, string room)
    {
        ValidateNamespace(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(room);
        return new(@namespace, room, Prefix + Encode(@namespace) + Separator + Encode(room));
    }

    /// <summary>The group standing for every socket of <paramref name="namespace"/>.</summary>
    public static SocketIOGroup ForNamespace(string @namespace)
    {
        ValidateNamespace(@namespace);
        return new(@namespace, null, Prefix + Encode(@namespace) + Separator);
    }

    /// <summary>Parses a group name; a clear reason in <paramref name="error"/> when it is not a Socket.IO group.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out SocketIOGroup group, [NotNullWhen(false)] out string? error)
    {
        group = default;
        if (string.IsNullOrEmpty(name) || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"Group name '{name}' is not a Socket.IO group: it must look like 0~base64url(namespace)~base64url(room) or 0~base64url(namespace)~.";
            return false;
        }

        var rest = name.AsSpan(Prefix.Length);
        var separator = rest.IndexOf(Separator);
        if (separator < 0 || rest[(separator + 1)..].Contains(Separator))
        {
            error = $"Group name '{name}' must have exactly three '~'-separated parts after the leading '0'.";
            return false;
        }

        if (!TryDecode(rest[..separator], out var @namespace) || !@namespace.StartsWith('/'))
        {
            error = $"Group name '{name}': the namespace part is not base64url of a namespace starting with '/'.";
            return false;
        }

        var roomPart = rest[(separator + 1)..];
        if (roomPart.IsEmpty)
        {
            group = new(@namespace, null, name);
            error = null;
            return true;
        }

        if (!TryDecode(roomPart, out var room) || room.Length == 0)
        {
            error = $"Group name '{name}': the room part is not base64url of UTF-8 text.";
            return false;
        }

        group = new(@namespace, room, name);
        error = null;
        return true;
    }

    /// <summary>Parses a group name, throwing <see cref="FormatException"/> with the reason when it is invalid.</summary>
    public static SocketIOGroup Parse(string name) =>
        TryParse(name, out var group, out var error) ? group : throw new FormatException(error);

    public override string ToString() => Name;

    private static void ValidateNamespace(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        if (!@namespace.StartsWith('/'))
        {
            throw new ArgumentException($"A Socket.IO namespace starts with '/': '{@namespace}'.", nameof(@namespace));
        }
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static bool TryDecode(ReadOnlySpan<char> encoded, out string text)
    {
        text = string.Empty;
        // Some encoders pad; the managed service does not. Accept both.
        encoded = encoded.TrimEnd('=');
        if (!Base64Url.IsValid(encoded, out var length))
        {
            return false;
        }

        var bytes = new byte[length];
        try
        {
            // IsValid lets some inputs through (a '%' taken as padding) that DecodeFromChars then refuses.
            if (Base64Url.DecodeFromChars(encoded, bytes) != length)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
