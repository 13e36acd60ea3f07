using System.Diagnostics.CodeAnalysis;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// A Web PubSub connection string, <c>Endpoint=http://localhost:3000;AccessKey=...;Version=1.0;</c>, as the managed
/// service and its SDKs read it: keys are case-insensitive, an endpoint without a scheme means https, and an optional
/// <c>Port=</c> overrides the endpoint's port. The same string configures the gateway (its access key) and the
/// Functions SDK (where to send management calls, and the key to sign them and to check <c>ce-signature</c>).
/// </summary>
public sealed class ServiceConnectionString
{
    private ServiceConnectionString(Uri endpoint, string accessKey, string? version)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        Version = version;
    }

    /// <summary>The service (gateway) base URL, without a trailing slash in its path.</summary>
    public Uri Endpoint { get; }

    public string AccessKey { get; }

    public string? Version { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ServiceConnectionString? connectionString, [NotNullWhen(false)] out string? error)
    {
        connectionString = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The connection string is empty.";
            return false;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"The connection string part '{Redact(part)}' is not of the form Key=Value.";
                return false;
            }

            // The access key is base64 and may itself contain '=': split on the first one only.
            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (!parts.TryGetValue("Endpoint", out var endpointText) || endpointText.Length == 0)
        {
            error = "The connection string has no Endpoint.";
            return false;
        }

        if (!parts.TryGetValue("AccessKey", out var accessKey) || accessKey.Length == 0)
        {
            error = "The connection string has no AccessKey.";
            return false;
        }

        if (!endpointText.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !endpointText.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            endpointText = "https://" + endpointText;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            error = $"The connection string's Endpoint '{endpointText}' is not a URL.";
            return false;
        }

        var builder = new UriBuilder(endpoint) { Path = endpoint.AbsolutePath.TrimEnd('/'), Query = string.Empty, Fragment = string.Empty };
        if (parts.TryGetValue("Port", out var portText) && portText.Length > 0)
        {
            if (!int.TryParse(portText, out var port) || port is <= 0 or > 65535)
            {
                error = $"The connection string's Port '{portText}' is not a port number.";
                return false;
            }

            builder.Port = port;
        }

        parts.TryGetValue("Version", out var version);
        connectionString = new(builder.Uri, accessKey, string.IsNullOrEmpty(version) ? null : version);
        error = null;
        return true;
    }

    /// <summary>Parses, throwing <see cref="FormatException"/> with the reason (never the key) when invalid.</summary>
    public static ServiceConnectionString Parse(string text) =>
        TryParse(text, out var connectionString, out var error) ? connectionString : throw new FormatException(error);

    /// <summary>The connection string with its access key hidden, fit for logs.</summary>
    public override string ToString() => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')};AccessKey=***;Version={Version ?? "1.0"};";

    private static string Redact(string part) => part.StartsWith("AccessKey", StringComparison.OrdinalIgnoreCase) ? "AccessKey***" : part;
}
