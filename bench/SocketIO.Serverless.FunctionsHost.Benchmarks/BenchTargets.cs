using System.Globalization;
using System.Reflection;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.FunctionsHost.Benchmarks;

/// <summary>The two servers under load, each a child process: the Functions host with the test app, and the plain endpoint.</summary>
public sealed class BenchTargets : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly List<ChildProcess> _processes = [];

    public List<(string Name, Uri BaseAddress)> All { get; } = [];

    public static async Task<BenchTargets> StartAsync()
    {
        var configuration = typeof(BenchTargets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var hostDll = Path.Combine(RepoPaths.Root, "src", "SocketIO.Serverless.FunctionsHost", "bin", configuration, "net10.0", "SocketIO.Serverless.FunctionsHost.dll");
        var app = Path.Combine(RepoPaths.Root, "tests", "SocketIO.Serverless.FunctionsHost.TestApp", "bin", configuration, "net10.0");
        var targets = new BenchTargets();
        try
        {
            var hostPort = FreePort.Next();
            var host = ChildProcess.Start("dotnet", [hostDll, "--app", app, "--port", Port(hostPort)], environment: Quiet());
            targets._processes.Add(host);
            await host.WaitForLineAsync(l => l.StartsWith("Functions host ready:", StringComparison.Ordinal), StartTimeout);
            targets.All.Add(("Functions host (ASP.NET Core integ.)", new Uri($"http://127.0.0.1:{hostPort}/")));

            var plainPort = FreePort.Next();
            var plain = ChildProcess.Start("dotnet", [typeof(BenchTargets).Assembly.Location, PlainEndpoint.ServeSwitch, Port(plainPort)], environment: Quiet());
            targets._processes.Add(plain);
            await plain.WaitForLineAsync(l => l == PlainEndpoint.ReadyLine, StartTimeout);
            targets.All.Add(("plain ASP.NET Core endpoint", new Uri($"http://127.0.0.1:{plainPort}/")));
            return targets;
        }
        catch
        {
            await targets.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    // Per-request console logging would measure the console, not the host.
    private static Dictionary<string, string?> Quiet() => new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
    };
}
