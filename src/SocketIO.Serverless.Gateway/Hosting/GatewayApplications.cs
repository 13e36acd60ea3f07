using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Upstream;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>
/// The applications the gateway can run, chosen by <see cref="GatewayOptions.Application"/>. Each registers an
/// <see cref="Application.ISocketApplication"/>.
/// </summary>
public static class GatewayApplications
{
    /// <summary>The product: every event an Azure Functions invocation over HTTP (section <c>Upstream</c>, docs/upstream.md).</summary>
    public const string Functions = "Functions";

    /// <summary>The in-process application of the official Socket.IO/Engine.IO protocol test suites.</summary>
    public const string Conformance = "Conformance";

    /// <summary>The in-process application of the benchmark (scripts/bench-server, docs/benchmarks.md).</summary>
    public const string Bench = "Bench";

    /// <summary>The part of socket.io-client's test server its connection state recovery test needs (scripts/client-recovery-server, docs/recovery.md).</summary>
    public const string ClientSuite = "ClientSuite";

    private static readonly Dictionary<string, Action<IServiceCollection, IConfiguration>> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Functions] = static (services, configuration) =>
        {
            services.AddUpstream(configuration);
            if (!services.Any(static service => service.ServiceType == typeof(ISocketApplication)))
            {
                throw new InvalidOperationException(
                    "Gateway:Application is Functions, but no upstream is configured: set Upstream:UrlTemplate (docs/upstream.md), " +
                    "or run the in-process conformance application with --Gateway:Application=Conformance.");
            }
        },
        [Conformance] = static (services, _) => services.AddInProcessSocketApplication(ConformanceApplication.Configure),
        [Bench] = static (services, _) => services.AddInProcessSocketApplication(BenchApplication.Configure),
        [ClientSuite] = static (services, _) => services.AddInProcessSocketApplication(ClientSuiteApplication.Configure),
    };

    /// <summary>Registers the application named <paramref name="name"/>, or fails with the names there are.</summary>
    public static void Register(string name, IServiceCollection services, IConfiguration configuration)
    {
        if (!Known.TryGetValue(name, out var register))
        {
            throw new InvalidOperationException(
                $"Unknown Gateway:Application \"{name}\". Known applications: {string.Join(", ", Known.Keys)}.");
        }

        register(services, configuration);
    }
}
