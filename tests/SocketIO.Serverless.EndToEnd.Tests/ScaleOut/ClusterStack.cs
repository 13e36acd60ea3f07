using System.Globalization;
using System.Text.RegularExpressions;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Several gateways as <c>scripts/cluster-server</c> runs them (Azurite, the Functions host with the seed's chat app,
/// N gateways on consecutive ports), sharing a <see cref="RedisServer"/> this stack owns, so a test can stop and
/// start Redis. The first gateway is the functions' management endpoint.
/// </summary>
public sealed partial class ClusterStack : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(150);
    private readonly Dictionary<int, int> _gatewayPids = [];
    private ChildProcess? _script;

    private ClusterStack(RedisServer redis)
    {
        Redis = redis;
    }

    public RedisServer Redis { get; }

    public IReadOnlyList<string> Urls { get; private set; } = [];

    public int ScriptPid => _script?.Id ?? 0;

    public string Logs => $"--- cluster-server ---\n{_script?.Output}\n--- redis ---\n{Redis.Output}";

    public static async Task<ClusterStack> StartAsync(int gateways, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var stack = new ClusterStack(await RedisServer.StartAsync());
        try
        {
            var env = new Dictionary<string, string?> { ["CLUSTER_CONFIGURATION"] = BuildOutput.Configuration };
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                env[name] = value;
            }

            stack._script = ChildProcess.Start(
                Path.Combine(RepoPaths.Root, "scripts", "cluster-server"),
                ["--gateways", gateways.ToString(CultureInfo.InvariantCulture), "--base-port", FreePort.Consecutive(gateways).ToString(CultureInfo.InvariantCulture),
                 "--redis-port", stack.Redis.Port.ToString(CultureInfo.InvariantCulture), "--no-build"],
                RepoPaths.Root,
                env);
            var ready = await stack._script.WaitForLineAsync(line => line.StartsWith("Cluster ready: ", StringComparison.Ordinal), StartupTimeout);
            stack.Urls = ready["Cluster ready: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (Match match in GatewayLine().Matches(stack._script.Output))
            {
                stack._gatewayPids[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process id of gateway <paramref name="number"/> (1-based, as the script numbers them).</summary>
    public int GatewayPid(int number) => _gatewayPids[number];

    /// <summary>Every process id the script said it started.</summary>
    public IReadOnlyList<int> StartedPids() =>
        [.. StartedLine().Matches(_script?.Output ?? string.Empty).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>Waits until the script printed a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLogAsync(string text, TimeSpan timeout) =>
        _script!.WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), timeout);

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _script!.WaitForExitAsync(timeout);

    /// <summary>Runs tests/e2e/cluster/<paramref name="script"/> against every gateway; fails with its output and the servers' logs.</summary>
    public async Task<string> RunAsync(string script, IDictionary<string, string?>? environment = null, IEnumerable<string>? urls = null)
    {
        var result = await NodeScript.RunAsync(Path.Combine("cluster", script), urls ?? Urls, environment, TimeSpan.FromSeconds(150));
        Assert.True(result.ExitCode == 0, $"node cluster/{script} exited with {result.ExitCode}:\n{result.Output}\n{Logs}");
        return result.Output;
    }

    /// <summary>Starts tests/e2e/cluster/<paramref name="script"/> without waiting for it, for a test that acts while it runs.</summary>
    public ChildProcess StartScript(string script, IDictionary<string, string?> environment) =>
        ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeScripts, "cluster", script), .. Urls], RepoPaths.Root, environment);

    public async ValueTask DisposeAsync()
    {
        if (_script is not null)
        {
            // SIGTERM, not a kill: the script's trap stops the gateways (each removes its rows) and removes its work folder.
            await _script.StopAsync(TimeSpan.FromSeconds(30));
        }

        await Redis.DisposeAsync();
    }

    [GeneratedRegex(@"^Gateway (\d+): \S+ pid (\d+)$", RegexOptions.Multiline)]
    private static partial Regex GatewayLine();

    [GeneratedRegex(@" pid (\d+)$", RegexOptions.Multiline)]
    private static partial Regex StartedLine();
}
