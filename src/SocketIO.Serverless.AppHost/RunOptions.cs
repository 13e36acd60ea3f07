using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace SocketIO.Serverless.AppHost;

/// <summary>
/// What a local run looks like, from the section <c>Run</c> (appsettings.json, <c>--Run:Gateways=3</c> on the command
/// line, or <c>Run__GatewayPort=3001</c> in the environment). A port of 0 is picked free at start, so tests (and a
/// second run beside a first) use ephemeral ports.
/// </summary>
public sealed class RunOptions
{
    public const string SectionName = "Run";

    /// <summary>The first gateway's port: the chat page is at http://localhost:GatewayPort/ as in the seed.</summary>
    public int GatewayPort { get; set; } = 3000;

    /// <summary>The address the gateways listen on: "localhost", or "0.0.0.0" to open the chat page to a phone on the same network.</summary>
    public string GatewayHost { get; set; } = "localhost";

    /// <summary>More than one starts redis-server and that many gateways sharing it (Redis:ConnectionString).</summary>
    public int Gateways { get; set; } = 1;

    public int FunctionsPort { get; set; } = 7071;

    public int AzuritePort { get; set; }

    public int RedisPort { get; set; }

    /// <summary>An OTLP/HTTP endpoint every resource exports to instead of the dashboard's (tests run a receiver there).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>False runs without the dashboard (the resources still export to <see cref="OtlpEndpoint"/>).</summary>
    public bool Dashboard { get; set; } = true;

    public static RunOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<RunOptions>() ?? new RunOptions();
        if (options.Gateways < 1)
        {
            throw new InvalidOperationException($"Run:Gateways must be 1 or more (was {options.Gateways}).");
        }

        return options;
    }

    /// <summary><paramref name="port"/>, or a free loopback port when it is 0.</summary>
    public static int PortOrFree(int port)
    {
        if (port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"A port must be 0 (pick a free one) or 1-65535 (was {port}).");
        }

        if (port != 0)
        {
            return port;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
