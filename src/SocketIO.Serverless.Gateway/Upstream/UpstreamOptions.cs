using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Options of the upstream (configuration section <c>Upstream</c>): where each hub's events go, the access key
/// that signs them, and how long a function may take. See docs/upstream.md.
/// </summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    /// <summary>URL template for hubs without their own, e.g. <c>http://localhost:7071/api/socketio{namespace}/{event}</c>.</summary>
    public string? UrlTemplate { get; set; }

    /// <summary>Per-hub settings, by hub name.</summary>
    public Dictionary<string, UpstreamHubOptions> Hubs { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Endpoint=...;AccessKey=...;Version=1.0;</c>: the access key is taken from it.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The access key, when no connection string is given.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Namespaces clients may join; "*" allows any.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>How long one invocation may take, in milliseconds (as every duration of the gateway's options).</summary>
    public int Timeout { get; set; } = 30_000;

    /// <summary>
    /// Whether a connect answered 404 (no connect function) accepts the socket. Off by default: a namespace
    /// without a connect function is one the app does not serve, and its clients get <c>Invalid namespace</c>.
    /// </summary>
    public bool AcceptConnectWithoutHandler { get; set; }

    /// <summary>The <c>WebHook-Request-Origin</c> header value.</summary>
    public string RequestOrigin { get; set; } = "localhost";

    /// <summary>Pooled connections per function host.</summary>
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Largest response body accepted from a function.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Whether any hub has a URL template, i.e. the upstream is in use.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(UrlTemplate) || Hubs.Values.Any(hub => !string.IsNullOrWhiteSpace(hub.UrlTemplate));

    // The connection string last parsed and its key: every upstream request asks, and options rarely change.
    private ResolvedKey? _resolved;

    /// <summary>The access key from <see cref="AccessKey"/> or <see cref="ConnectionString"/>, or null.</summary>
    public string? ResolveAccessKey()
    {
        if (!string.IsNullOrEmpty(AccessKey))
        {
            return AccessKey;
        }

        var connectionString = ConnectionString;
        if (_resolved is { } resolved && string.Equals(resolved.ConnectionString, connectionString, StringComparison.Ordinal))
        {
            return resolved.Key;
        }

        var key = ServiceConnectionString.TryParse(connectionString, out var parsed, out _) ? parsed.AccessKey : null;
        _resolved = new ResolvedKey(connectionString, key);
        return key;
    }

    public string? TemplateFor(string hub) =>
        Hubs.TryGetValue(hub, out var options) && !string.IsNullOrWhiteSpace(options.UrlTemplate) ? options.UrlTemplate : UrlTemplate;

    public bool AllowsNamespace(string @namespace) =>
        Namespaces.Count == 0 || Namespaces.Contains("*") || Namespaces.Contains(@namespace);
}

/// <summary>A connection string and the access key parsed from it (one object, so it is read and replaced atomically).</summary>
internal sealed record ResolvedKey(string? ConnectionString, string? Key);

public sealed class UpstreamHubOptions
{
    public string? UrlTemplate { get; set; }
}
