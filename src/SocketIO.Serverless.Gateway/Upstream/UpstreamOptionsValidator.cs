using Microsoft.Extensions.Options;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Refuses to start with options that would fail on the first event instead.</summary>
internal sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.ConnectionString) && !ServiceConnectionString.TryParse(options.ConnectionString, out _, out var error))
        {
            failures.Add($"Upstream:ConnectionString: {error}");
        }

        if (options.IsConfigured && string.IsNullOrEmpty(options.ResolveAccessKey()))
        {
            failures.Add("Upstream: an access key is required (Upstream:ConnectionString or Upstream:AccessKey) to sign ce-signature.");
        }

        foreach (var (hub, template) in options.Hubs.Select(pair => (pair.Key, pair.Value.UrlTemplate)).Append(("(default)", options.UrlTemplate)))
        {
            if (!string.IsNullOrWhiteSpace(template) && !UpstreamUrlTemplate.TryValidate(template, out var templateError))
            {
                failures.Add($"Upstream URL template of hub {hub}: {templateError}");
            }
        }

        if (options.Timeout <= 0)
        {
            failures.Add("Upstream:Timeout must be positive (milliseconds).");
        }

        if (options.MaxConnectionsPerServer <= 0 || options.MaxResponseBytes <= 0)
        {
            failures.Add("Upstream:MaxConnectionsPerServer and Upstream:MaxResponseBytes must be positive.");
        }

        foreach (var @namespace in options.Namespaces.Where(ns => ns != "*" && !ns.StartsWith('/')))
        {
            failures.Add($"Upstream:Namespaces: '{@namespace}' must start with '/' (or be '*').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
