using System.ComponentModel.DataAnnotations;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>Options of the gateway host (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Which application handles the sockets: <c>Functions</c> (the product: Azure Functions over HTTP, configured
    /// in section <c>Upstream</c>) or <c>Conformance</c> (the in-process reference application of the official
    /// protocol test suites). See <see cref="GatewayApplications"/>.
    /// </summary>
    [Required]
    public string Application { get; set; } = GatewayApplications.Functions;

    /// <summary>
    /// This gateway process's id in shared state (its heartbeat row, the owner of its sockets' rows). Empty: a new
    /// one per process. Set a stable one (e.g. the replica name) so that a restarted gateway removes at once what its
    /// crashed predecessor left, instead of waiting for <c>Rooms:InstanceExpiry</c>.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>Serve the Socket.IO client bundle under the client path (Node's <c>serveClient</c>).</summary>
    public bool ServeClient { get; set; } = true;

    /// <summary>Serve the static files of <c>wwwroot</c> (the demo page) at the root.</summary>
    public bool ServeStaticFiles { get; set; } = true;
}
