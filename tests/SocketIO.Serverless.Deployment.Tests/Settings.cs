using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// Name/value lists of a resource (app settings, container env) read from a snapshot: a literal JSON array, or, where
/// a list is composed from values known only once deployed, the ARM expression <c>[concat(createArray(createObject(
/// 'name', 'X', 'value', ...)...)]</c> that builds it.
/// </summary>
internal static partial class Settings
{
    /// <summary>Each entry's name and its value: a literal, an ARM expression, or <c>secretRef:NAME</c>.</summary>
    public static IReadOnlyDictionary<string, string> Of(JsonNode? list)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (list)
        {
            case JsonArray array:
                foreach (var entry in array.OfType<JsonObject>())
                {
                    var name = (string)entry["name"]!;
                    settings.Add(name, entry["secretRef"] is { } secretRef ? "secretRef:" + (string)secretRef! : entry["value"]?.ToString() ?? "");
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var expression):
                foreach (Match match in Entry().Matches(expression))
                {
                    var argument = BalancedArgument(expression, match.Index + match.Length);
                    settings.Add(match.Groups["name"].Value, match.Groups["kind"].Value == "secretRef" ? "secretRef:" + argument.Trim('\'') : argument);
                }

                break;
            default:
                throw new InvalidOperationException($"Not a name/value list: {list?.ToJsonString()}");
        }

        return settings;
    }

    /// <summary>The argument that starts at <paramref name="start"/>, up to the comma or parenthesis that ends it.</summary>
    private static string BalancedArgument(string expression, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && (c == ')' || c == ',') && depth == 0)
            {
                return expression[start..i].Trim();
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
        }

        throw new FormatException($"Unbalanced expression after position {start}: {expression}");
    }

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', '(?<kind>value|secretRef)', ", RegexOptions.CultureInvariant)]
    private static partial Regex Entry();
}

/// <summary>Every string of a JSON document, with its path.</summary>
internal static class JsonStrings
{
    public static IEnumerable<(string Path, string Value)> Of(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var item in Of(child, $"{path}.{key}"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Of(array[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }
}
