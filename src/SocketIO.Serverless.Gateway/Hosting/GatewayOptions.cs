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

    /// <summary>Serve the Socket.IO client bundle under the client path (Node's <c>serveClient</c>).</summary>
    public bool ServeClient { get; set; } = true;

    /// <summary>Serve the static files of <c>wwwroot</c> (the demo page) at the root.</summary>
    public bool ServeStaticFiles { get; set; } = true;
}
