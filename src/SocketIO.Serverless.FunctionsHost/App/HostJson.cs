using System.Globalization;
using System.Text.Json;

namespace SocketIO.Serverless.FunctionsHost.App;

/// <summary>The parts of a function app's host.json this host honours.</summary>
public sealed record HostJson(string RoutePrefix, TimeSpan? FunctionTimeout)
{
    public const string DefaultRoutePrefix = "api";

    /// <summary>The Functions default for a dedicated plan; "-1" in host.json means no limit.</summary>
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromMinutes(30);

    public static HostJson Default { get; } = new(DefaultRoutePrefix, DefaultFunctionTimeout);

    public static HostJson Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            return Default;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var routePrefix = DefaultRoutePrefix;
        if (TryGetProperty(root, "extensions", out var extensions)
            && TryGetProperty(extensions, "http", out var http)
            && TryGetProperty(http, "routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String)
        {
            routePrefix = prefix.GetString()!.Trim('/');
        }

        var timeout = DefaultFunctionTimeout as TimeSpan?;
        if (TryGetProperty(root, "functionTimeout", out var timeoutElement) && timeoutElement.ValueKind == JsonValueKind.String)
        {
            timeout = ParseTimeout(timeoutElement.GetString()!, path);
        }

        return new HostJson(routePrefix, timeout);
    }

    private static TimeSpan? ParseTimeout(string text, string path)
    {
        if (text.Trim() == "-1")
        {
            return null;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero)
        {
            return timeout;
        }

        throw new InvalidDataException($"{path}: functionTimeout '{text}' is not a positive hh:mm:ss time span or -1.");
    }

    // host.json keys are case-insensitive for the real host too.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}
