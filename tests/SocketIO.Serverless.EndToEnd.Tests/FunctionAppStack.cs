using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The product running locally for one function app: the gateway with the Functions upstream, the local Functions
/// host, and the app in the real isolated worker, on ephemeral ports. The app runs from a copy of its build output
/// whose local.settings.json points the SDK at this gateway. The host can be stopped and started again on the same
/// port while the gateway and its clients stay up (a function host that is down).
/// </summary>
public sealed class FunctionAppStack : IAsyncDisposable
{
    private const string AccessKey = "ZTJlLXRlc3QtYWNjZXNzLWtleS0wMTIzNDU2Nzg5";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "socketio-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _earlierHostOutput = [];
    private readonly int _hostPort = FreePort.Next();
    private string _appDirectory = string.Empty;
    private ChildProcess? _host;
    private ChildProcess? _gateway;
    private Azurite? _rooms;

    private FunctionAppStack()
    {
    }

    public string GatewayUrl { get; private set; } = string.Empty;

    /// <summary>The Functions host's base address; <c>admin/host/status</c> under it is its readiness endpoint.</summary>
    public string HostUrl => $"http://127.0.0.1:{_hostPort}";

    public string ConnectionString { get; private set; } = string.Empty;

    public bool IsHostRunning => _host is not null;

    /// <summary>The gateway's peak resident memory so far (Linux VmHWM), for tests that print what a load cost.</summary>
    public string GatewayPeakMemory =>
        _gateway is { } gateway && File.Exists($"/proc/{gateway.Id}/status")
            ? File.ReadLines($"/proc/{gateway.Id}/status").FirstOrDefault(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    /// <summary>What the gateway and the host(s) printed so far, for failure messages.</summary>
    public string Logs => $"--- gateway ---\n{_gateway?.Output}\n--- functions host ---\n{string.Concat(_earlierHostOutput)}{_host?.Output}";

    /// <summary>
    /// Starts the host with <paramref name="appProject"/> (a project folder under src/ or tests/), then the gateway.
    /// <paramref name="values"/> adjusts local.settings.json's Values (the connection string is already set);
    /// <paramref name="gatewaySettings"/> adds gateway configuration (environment variable names, e.g. <c>Upstream__Timeout</c>);
    /// <paramref name="settingsTemplate"/> is the local.settings.json to start from (default: the one in the app's output, if any).
    /// With <paramref name="rooms"/>, the gateway keeps rooms in that Azurite and the app reads them from it (its
    /// <c>AzureWebJobsStorage</c>); without, the app's storage setting is removed, so that it reads membership through
    /// the gateway and never touches a storage emulator someone else runs on the default port.
    /// </summary>
    public static async Task<FunctionAppStack> StartAsync(
        string appProject,
        Action<JsonObject>? values = null,
        IReadOnlyDictionary<string, string?>? gatewaySettings = null,
        string? settingsTemplate = null,
        Azurite? rooms = null)
    {
        var stack = new FunctionAppStack { _rooms = rooms };
        try
        {
            await stack.InitializeAsync(appProject, values, gatewaySettings, settingsTemplate);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the Functions host (again) on its port and waits until every function is loaded.</summary>
    public async Task StartHostAsync()
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The Functions host is already running.");
        }

        _host = ChildProcess.Start("dotnet", [BuildOutput.Program("SocketIO.Serverless.FunctionsHost"), "--app", _appDirectory, "--port", _hostPort.ToString(CultureInfo.InvariantCulture)]);
        await _host.WaitForLineAsync(line => line.Contains("Functions host ready", StringComparison.Ordinal), StartupTimeout);
    }

    /// <summary>Kills the Functions host with its worker (a host that crashed or was taken down) and waits until it is gone.</summary>
    public async Task StopHostAsync()
    {
        if (_host is not { } host)
        {
            return;
        }

        _host = null;
        _earlierHostOutput.Add(host.Output);
        await host.DisposeAsync();
    }

    /// <summary>Waits until the Functions host (which prints the worker's logs) printed a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForFunctionLogAsync(string text) =>
        (_host ?? throw new InvalidOperationException("The Functions host is not running."))
            .WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

    /// <summary>Waits until the gateway printed a line that contains every one of <paramref name="parts"/>.</summary>
    public Task<string> WaitForGatewayLogAsync(params string[] parts) =>
        _gateway!.WaitForLineAsync(line => parts.All(part => line.Contains(part, StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

    /// <summary>Stops the gateway as an orchestrator does (SIGTERM) and waits until it exited; returns its exit code.</summary>
    public async Task<int> StopGatewayAsync()
    {
        var gateway = _gateway ?? throw new InvalidOperationException("The gateway is not running.");
        await using (var kill = ChildProcess.Start("kill", ["-TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        return await gateway.WaitForExitAsync(StartupTimeout);
    }

    /// <summary>Runs tests/e2e/<paramref name="script"/> against the gateway; fails with its output and the servers' logs.</summary>
    public Task<string> RunAsync(string script, params string[] arguments) => RunAsync(NodeScript.DefaultTimeout, script, arguments);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, for a script that may take up to <paramref name="timeout"/>.</summary>
    public async Task<string> RunAsync(TimeSpan timeout, string script, params string[] arguments)
    {
        var result = await NodeScript.RunAsync(script, [GatewayUrl, .. arguments], timeout: timeout);
        Assert.True(result.ExitCode == 0, $"node {script} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}\n{Logs}");
        return result.Output;
    }

    /// <summary>Starts tests/e2e/<paramref name="script"/> against the gateway without waiting for it, for a test that acts while it runs.</summary>
    public ChildProcess StartScript(string script, params string[] arguments) =>
        ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeScripts, script), GatewayUrl, .. arguments]);

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await StopHostAsync();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the OS temp cleanup takes it.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private async Task InitializeAsync(string appProject, Action<JsonObject>? values, IReadOnlyDictionary<string, string?>? gatewaySettings, string? settingsTemplate)
    {
        var gatewayPort = FreePort.Next();
        ConnectionString = $"Endpoint=http://127.0.0.1:{gatewayPort};AccessKey={AccessKey};Version=1.0;";
        _appDirectory = CopyApp(appProject, values, settingsTemplate);
        await StartHostAsync();

        GatewayUrl = $"http://127.0.0.1:{gatewayPort}";
        var environment = new Dictionary<string, string?>
        {
            ["Gateway__Application"] = "Functions",
            ["Upstream__UrlTemplate"] = $"{HostUrl}/api/socketio{{namespace}}/{{event}}",
            ["Upstream__ConnectionString"] = ConnectionString,
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
        };
        if (_rooms is not null)
        {
            environment["Rooms__ConnectionString"] = _rooms.ConnectionString;
        }

        foreach (var (name, value) in gatewaySettings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var gateway = BuildOutput.Program("SocketIO.Serverless.Gateway");
        _gateway = ChildProcess.Start("dotnet", [gateway, "--urls", GatewayUrl], Path.GetDirectoryName(gateway), environment);
        await _gateway.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), StartupTimeout);
    }

    private string CopyApp(string appProject, Action<JsonObject>? adjustValues, string? settingsTemplate)
    {
        var source = Path.GetDirectoryName(BuildOutput.Program(appProject))!;
        var target = Path.Combine(_workDirectory, "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        // The host gives the worker local.settings.json's Values as environment variables.
        var settingsPath = Path.Combine(target, "local.settings.json");
        settingsTemplate ??= File.Exists(settingsPath) ? settingsPath : null;
        var settings = settingsTemplate is null ? new JsonObject { ["IsEncrypted"] = false } : JsonNode.Parse(File.ReadAllText(settingsTemplate))!.AsObject();
        var values = settings["Values"] as JsonObject ?? new JsonObject();
        settings["Values"] = values;
        values["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        values["SocketIO__ConnectionString"] = ConnectionString;
        values.Remove("AzureWebJobsStorage");
        if (_rooms is not null)
        {
            values["AzureWebJobsStorage"] = _rooms.ConnectionString;
        }

        adjustValues?.Invoke(values);
        File.WriteAllText(settingsPath, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return target;
    }
}

/// <summary>The build output of the repository's programs, in the configuration these tests were built with.</summary>
public static class BuildOutput
{
    public static string Configuration { get; } = typeof(BuildOutput).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
        .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    /// <summary>The dll of <paramref name="project"/>, a project folder under src/ or tests/.</summary>
    public static string Program(string project)
    {
        var candidates = new[] { "src", "tests" }
            .Select(folder => Path.Combine(RepoPaths.Root, folder, project, "bin", Configuration, "net10.0", project + ".dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{project} is not built at {string.Join(" or ", candidates)}.", candidates[0]);
    }
}
