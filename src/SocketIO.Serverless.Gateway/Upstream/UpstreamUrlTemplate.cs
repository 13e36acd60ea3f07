using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Renders a per-hub URL template into the URL of one event's function. Placeholders: <c>{event}</c> (one
/// percent-encoded path segment), <c>{namespace}</c> ("" for "/", else the namespace path with each segment
/// percent-encoded) and <c>{hub}</c>. Names are opaque: a name that cannot be rendered as exactly its own path
/// segments (a dot segment, an empty segment, a control character, a backslash, a slash in an event name, or
/// longer than <see cref="MaxNameLength"/>) is refused, so no client-chosen name can leave the template's path or
/// land on another name's URL. See docs/upstream.md.
/// </summary>
public static class UpstreamUrlTemplate
{
    /// <summary>Longest namespace or event name, in UTF-8 bytes, that has a URL; URLs stay far below host limits.</summary>
    public const int MaxNameLength = 256;

    public static Uri Render(string template, string hub, string @namespace, string eventName) =>
        TryRender(template, hub, @namespace, eventName, out var url, out var refusal)
            ? url
            : throw new ArgumentException(refusal, nameof(@namespace));

    /// <summary>The URL of <paramref name="eventName"/> in <paramref name="namespace"/>, or why it has none.</summary>
    public static bool TryRender(string template, string hub, string @namespace, string eventName, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? refusal)
    {
        url = null;
        if (!TryGetNamespacePath(@namespace, out var namespacePath, out refusal) || !TryGetSegment(eventName, "event name", out var eventSegment, out refusal))
        {
            return false;
        }

        // Values are escaped before substitution, so a value cannot smuggle in another placeholder.
        var text = template
            .Replace("{event}", eventSegment, StringComparison.OrdinalIgnoreCase)
            .Replace("{namespace}", namespacePath, StringComparison.OrdinalIgnoreCase)
            .Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.OrdinalIgnoreCase);
        if (!Uri.TryCreate(text, UriKind.Absolute, out url))
        {
            refusal = "it does not render to a URL";
            return false;
        }

        return true;
    }

    /// <summary>Whether <paramref name="namespace"/> has a URL path (else its sockets get <c>Invalid namespace</c>).</summary>
    public static bool IsMappable(string @namespace) => TryGetNamespacePath(@namespace, out _, out _);

    /// <summary>"/" → "", "/admin" → "/admin", "/a b/c" → "/a%20b/c"; refused: "/a/", "//a", "/a/./b", "/a/..", "a".</summary>
    public static bool TryGetNamespacePath(string @namespace, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? refusal)
    {
        path = null;
        if (@namespace == "/")
        {
            path = string.Empty;
            refusal = null;
            return true;
        }

        if (!@namespace.StartsWith('/'))
        {
            refusal = "a namespace starts with '/'";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(@namespace) > MaxNameLength)
        {
            refusal = $"a namespace is at most {MaxNameLength} UTF-8 bytes";
            return false;
        }

        var builder = new StringBuilder();
        foreach (var segment in @namespace[1..].Split('/'))
        {
            if (!TryGetSegment(segment, "namespace segment", out var encoded, out refusal))
            {
                return false;
            }

            builder.Append('/').Append(encoded);
        }

        path = builder.ToString();
        refusal = null;
        return true;
    }

    public static bool TryValidate(string template, [NotNullWhen(false)] out string? error)
    {
        if (template.IndexOf("{event}", StringComparison.OrdinalIgnoreCase) < 0)
        {
            error = $"'{template}' has no {{event}} placeholder: every event would reach the same function.";
            return false;
        }

        if (!TryRender(template, "hub", "/admin", "admin command", out var sample, out var refusal))
        {
            error = $"'{template}' does not render to a URL: {refusal}";
            return false;
        }

        if (sample.Scheme != Uri.UriSchemeHttp && sample.Scheme != Uri.UriSchemeHttps)
        {
            error = $"'{template}' is not an http(s) URL.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// One name as one path segment. Refused, because some host would read it as something else: empty (merged
    /// or dropped), "." and ".." (resolved), '/' and '\' (separators to some hosts, also once decoded), control
    /// characters and lone surrogates (no valid URL), and names longer than <see cref="MaxNameLength"/>.
    /// </summary>
    private static bool TryGetSegment(string name, string what, [NotNullWhen(true)] out string? segment, [NotNullWhen(false)] out string? refusal)
    {
        segment = null;
        refusal = name switch
        {
            "" => $"an empty {what}",
            "." or ".." => $"the {what} '{name}' is a dot segment",
            _ when name.AsSpan().IndexOfAny('/', '\\') >= 0 && what == "event name" => $"an {what} with a slash",
            _ when name.AsSpan().IndexOf('\\') >= 0 => $"a {what} with a backslash",
            _ when name.Any(c => char.IsControl(c)) => $"a {what} with a control character",
            _ when !IsWellFormedUtf16(name) => $"a {what} with a lone surrogate",
            _ when Encoding.UTF8.GetByteCount(name) > MaxNameLength => $"a {what} longer than {MaxNameLength} UTF-8 bytes",
            _ => null,
        };
        if (refusal is not null)
        {
            return false;
        }

        segment = Uri.EscapeDataString(name);
        return true;
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
