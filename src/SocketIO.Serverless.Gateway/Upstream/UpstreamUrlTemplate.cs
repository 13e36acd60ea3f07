using System.Diagnostics.CodeAnalysis;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Renders a per-hub URL template into the URL of one event's function. Placeholders: <c>{event}</c> (one
/// percent-encoded path segment), <c>{namespace}</c> ("" for "/", else the namespace path with each segment
/// percent-encoded) and <c>{hub}</c>. See docs/upstream.md.
/// </summary>
public static class UpstreamUrlTemplate
{
    public static Uri Render(string template, string hub, string @namespace, string eventName)
    {
        // Values are escaped before substitution, so a value cannot smuggle in another placeholder.
        var text = template
            .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.OrdinalIgnoreCase)
            .Replace("{namespace}", NamespacePath(@namespace), StringComparison.OrdinalIgnoreCase)
            .Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.OrdinalIgnoreCase);
        return new Uri(text, UriKind.Absolute);
    }

    /// <summary>"/" → "", "/admin" → "/admin", "/a b/c" → "/a%20b/c".</summary>
    public static string NamespacePath(string @namespace) =>
        @namespace == "/" ? string.Empty : string.Concat(@namespace.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(segment => "/" + Uri.EscapeDataString(segment)));

    public static bool TryValidate(string template, [NotNullWhen(false)] out string? error)
    {
        if (template.IndexOf("{event}", StringComparison.OrdinalIgnoreCase) < 0)
        {
            error = $"'{template}' has no {{event}} placeholder: every event would reach the same function.";
            return false;
        }

        try
        {
            var sample = Render(template, "hub", "/admin", "admin command");
            if (sample.Scheme != Uri.UriSchemeHttp && sample.Scheme != Uri.UriSchemeHttps)
            {
                error = $"'{template}' is not an http(s) URL.";
                return false;
            }
        }
        catch (UriFormatException e)
        {
            error = $"'{template}' does not render to a URL: {e.Message}";
            return false;
        }

        error = null;
        return true;
    }
}
