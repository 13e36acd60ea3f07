using System.ComponentModel.DataAnnotations;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>Options of the gateway host (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Which application handles the sockets: <c>Conformance</c> is the in-process reference application of the
    /// official protocol test suites (see <see cref="GatewayApplications"/>).
    /// </summary>
    [Required]
    public string Application { get; set; } = GatewayApplications.Conformance;

    /// <summary>Serve the Socket.IO client bundle under the client path (Node's <c>serveClient</c>).</summary>
    public bool ServeClient { get; set; } = true;

    /// <summary>Serve the static files of <c>wwwroot</c> (the demo page) at the root.</summary>
    public bool ServeStaticFiles { get; set; } = true;
}
