using System.Text.Json;

namespace SocketIO.Serverless.FunctionsHost.App;

/// <summary>
/// local.settings.json as Core Tools reads it: <c>Values</c> become the worker's environment variables, unless the
/// host's environment already sets them.
/// </summary>
public sealed record LocalSettings(IReadOnlyDictionary<string, string> Values, int? LocalHttpPort)
{
    public static LocalSettings Empty { get; } = new(new Dictionary<string, string>(), null);

    /// <summary>Reads the first local.settings.json found in <paramref name="directories"/>; none is fine.</summary>
    public static LocalSettings Load(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            var path = Path.Combine(directory, "local.settings.json");
            if (File.Exists(path))
            {
                return Parse(File.ReadAllText(path), path);
            }
        }

        return Empty;
    }

    /// <summary>
    /// Copies the Values into a worker's environment the way Core Tools does: a variable the environment already
    /// has (non-empty) wins over the file. Returns the names skipped for that reason.
    /// </summary>
    public IReadOnlyList<string> ApplyTo(IDictionary<string, string?> environment)
    {
        var skipped = new List<string>();
        foreach (var (name, value) in Values)
        {
            if (environment.TryGetValue(name, out var existing) && !string.IsNullOrEmpty(existing))
            {
                skipped.Add(name);
                continue;
            }

            environment[name] = value;
        }

        return skipped;
    }

    public static LocalSettings Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.TryGetProperty("Values", out var valuesElement) && valuesElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in valuesElement.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }

            int? port = null;
            if (document.RootElement.TryGetProperty("Host", out var host)
                && host.ValueKind == JsonValueKind.Object
                && host.TryGetProperty("LocalHttpPort", out var portElement)
                && portElement.TryGetInt32(out var parsedPort))
            {
                port = parsedPort;
            }

            return new LocalSettings(values, port);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {e.Message}", e);
        }
    }
}
