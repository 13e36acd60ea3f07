using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIO.Serverless.AppHost;

/// <summary>The local stand-ins for Azure services, as executables: Azurite from node_modules, Debian's redis-server.</summary>
internal static class LocalResources
{
    /// <summary>Azurite's well-known development account (public, documented by Azurite; not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's table service, in memory (rooms of a past run point at sockets that are gone).</summary>
    public static IResourceBuilder<ExecutableResource> AddAzuriteTables(this IDistributedApplicationBuilder builder, string repoRoot, int port)
    {
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is missing ({script}). Build once (`dotnet build` runs `npm ci`) or run `npm ci` at the repository root.");
        }

        return builder.AddExecutable("azurite", "node", repoRoot, script,
                "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--inMemoryPersistence", "--skipApiVersionCheck", "--silent", "--disableTelemetry")
            .WithHttpEndpoint(port: port, targetPort: port, name: "table", isProxied: false)
            .WithTcpHealthCheck(builder, "azurite", port);
    }

    public static string AzuriteTablesConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>Debian's redis-server on loopback, nothing persisted: it only carries messages between gateways.</summary>
    public static IResourceBuilder<ExecutableResource> AddRedisServer(this IDistributedApplicationBuilder builder, int port)
    {
        var folder = Directory.CreateTempSubdirectory("socketio-redis-").FullName;
        return builder.AddExecutable("redis", "redis-server", folder,
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "tcp", isProxied: false)
            .WithTcpHealthCheck(builder, "redis", port);
    }

    private static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, string name, int port)
        where T : IResource
    {
        var key = name + "-tcp";
        builder.Services.AddHealthChecks().AddCheck(key, new TcpHealthCheck(port));
        return resource.WithHealthCheck(key);
    }
}
