using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The route template of an HTTP-triggered function, and whether a request path is that route spelled exactly.
/// Hosts match routes case-insensitively (the local host and Azure Functions alike), so <c>/api/socketio/ADMIN/connect</c>
/// reaches the function of <c>socketio/admin/connect</c>; the gateway renders every namespace and event name as
/// its own exact path (docs/upstream.md), so a path that is not the route's exact spelling carries another
/// namespace's (or event's) request, which this function must not handle.
/// </summary>
internal static class FunctionRoute
{
    private static readonly ConcurrentDictionary<string, string?> Routes = new(StringComparer.Ordinal);

    /// <summary>The route of the function (its name when the trigger sets none), or null when it cannot be found.</summary>
    public static string? Of(FunctionDefinition function) =>
        Routes.GetOrAdd(function.EntryPoint + "|" + function.PathToAssembly, _ => Find(function));

    /// <summary>
    /// Whether <paramref name="pathSegments"/> (decoded, the host's route prefix included) end with exactly the
    /// route's segments: literals compared ordinally, a <c>{parameter}</c> segment matching any one segment. A
    /// route this cannot judge (optional or catch-all parameters, parameters inside a segment) matches.
    /// </summary>
    public static bool Matches(string route, IReadOnlyList<string> pathSegments)
    {
        var routeSegments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (routeSegments.Any(s => s.Contains('{', StringComparison.Ordinal) && !IsPlainParameter(s)))
        {
            return true;
        }

        if (pathSegments.Count < routeSegments.Length)
        {
            return false;
        }

        var offset = pathSegments.Count - routeSegments.Length;
        for (var i = 0; i < routeSegments.Length; i++)
        {
            if (!IsPlainParameter(routeSegments[i]) && !string.Equals(routeSegments[i], pathSegments[offset + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The decoded segments of an escaped path; an escaped '/' stays inside its segment, as ASP.NET Core keeps it.</summary>
    public static IReadOnlyList<string> SegmentsOf(string escapedPath) =>
        escapedPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToList();

    private static string Unescape(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return segment;
        }
    }

    private static bool IsPlainParameter(string segment) =>
        segment.Length > 2 && segment[0] == '{' && segment[^1] == '}' && segment.IndexOf('{', 1) < 0
        && segment[1] != '*' && !segment.EndsWith("?}", StringComparison.Ordinal);

    private static string? Find(FunctionDefinition function)
    {
        var entryPoint = function.EntryPoint;
        var split = entryPoint.LastIndexOf('.');
        if (split <= 0)
        {
            return null;
        }

        var typeName = entryPoint[..split];
        var methodName = entryPoint[(split + 1)..];
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(typeName, throwOnError: false))
            .FirstOrDefault(t => t is not null);
        var method = type?.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == methodName && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null));
        var trigger = method?.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
        return trigger is null ? null : trigger.Route ?? function.Name;
    }
}
