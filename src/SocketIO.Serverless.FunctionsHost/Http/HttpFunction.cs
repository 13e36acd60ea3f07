using System.Text.Json;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>An HTTP-triggered function as the worker indexed it: where it is routed and how its data is named.</summary>
public sealed record HttpFunction(
    string Name,
    string FunctionId,
    string TriggerParameter,
    string Route,
    IReadOnlyList<string> Methods,
    string AuthLevel,
    string? HttpOutputBinding)
{
    public const string ReturnBindingName = "$return";

    /// <summary>The HTTP trigger of <paramref name="metadata"/>, or null for a function with another trigger.</summary>
    public static HttpFunction? FromMetadata(RpcFunctionMetadata metadata, string routePrefix)
    {
        string? trigger = null;
        string? route = null;
        string authLevel = "Function";
        List<string> methods = [];
        string? output = null;
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            var type = GetString(root, "type");
            var name = GetString(root, "name");
            var direction = GetString(root, "direction");
            if (string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                trigger = name;
                route = GetString(root, "route");
                authLevel = GetString(root, "authLevel") ?? authLevel;
                if (TryGetProperty(root, "methods", out var methodsElement) && methodsElement.ValueKind == JsonValueKind.Array)
                {
                    methods.AddRange(methodsElement.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
                }
            }
            else if (string.Equals(type, "http", StringComparison.OrdinalIgnoreCase) && string.Equals(direction, "out", StringComparison.OrdinalIgnoreCase))
            {
                output = name;
            }
        }

        if (trigger is null)
        {
            return null;
        }

        var suffix = (route ?? metadata.Name).Trim('/');
        var fullRoute = routePrefix.Length == 0 ? suffix : $"{routePrefix}/{suffix}";
        return new HttpFunction(metadata.Name, metadata.FunctionId, trigger, fullRoute, methods, authLevel, output);
    }

    private static string? GetString(JsonElement element, string name)
        => TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Binding JSON from the SDK uses camelCase, hand-written function.json files vary.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
