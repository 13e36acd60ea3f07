using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The product running locally as one command would run it: the gateway with the Functions upstream, the local
/// Functions host, and the seed's chat function app in the real isolated worker, on ephemeral ports. The app runs
/// from a copy of its build output whose local.settings.json points the SDK at this gateway.
/// </summary>
public sealed class ChatStack : IAsyncLifetime
{
    private const string AccessKey = "ZTJlLXRlc3QtYWNjZXNzLWtleS0wMTIzNDU2Nzg5";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "socketio-e2e-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _host;
    private ChildProcess? _gateway;

    public string GatewayUrl { get; private set; } = string.Empty;

    /// <summary>What the gateway and the host printed so far, for failure messages.</summary>
    public string Logs => $"--- gateway ---\n{_gateway?.Output}\n--- functions host ---\n{_host?.Output}";

    public async Task InitializeAsync()
    {
        var gatewayPort = FreePort.Next();
        var hostPort = FreePort.Next();
        var connectionString = $"Endpoint=http://127.0.0.1:{gatewayPort};AccessKey={AccessKey};Version=1.0;";
        var app = CopyApp(connectionString);

        _host = ChildProcess.Start("dotnet", [Program("SocketIO.Serverless.FunctionsHost"), "--app", app, "--port", hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await _host.WaitForLineAsync(line => line.Contains("Functions host ready", StringComparison.Ordinal), StartupTimeout);

        GatewayUrl = $"http://127.0.0.1:{gatewayPort}";
        _gateway = ChildProcess.Start(
            "dotnet",
            [Program("SocketIO.Serverless.Gateway"), "--urls", GatewayUrl],
            Path.GetDirectoryName(Program("SocketIO.Serverless.Gateway")),
            new Dictionary<string, string?>
            {
                ["Gateway__Application"] = "Functions",
                ["Upstream__UrlTemplate"] = $"http://127.0.0.1:{hostPort}/api/socketio{{namespace}}/{{event}}",
                ["Upstream__ConnectionString"] = connectionString,
                ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
            });
        await _gateway.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), StartupTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the OS temp cleanup takes it.
        }
    }

    /// <summary>Waits until the Functions host (which prints the worker's logs) printed a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForFunctionLogAsync(string text) =>
        _host!.WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

    /// <summary>Runs tests/e2e/chat/<paramref name="script"/> against the gateway; fails with its output and the servers' logs.</summary>
    public async Task<string> RunAsync(string script, params string[] arguments)
    {
        var result = await NodeScript.RunAsync(Path.Combine("chat", script), [GatewayUrl, .. arguments]);
        Assert.True(result.ExitCode == 0, $"node chat/{script} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}\n{Logs}");
        return result.Output;
    }

    // The build output of a program of the repository, in the configuration these tests were built with.
    private static string Program(string project)
    {
        var configuration = typeof(ChatStack).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        var path = Path.Combine(RepoPaths.Root, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}.", path);
    }

    private string CopyApp(string connectionString)
    {
        var source = Path.GetDirectoryName(Program("SocketIO.Serverless.ChatFunctions"))!;
        var target = Path.Combine(_workDirectory, "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        // The sample settings with this stack's gateway: the host gives the worker local.settings.json's Values.
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")))!.AsObject();
        settings["Values"]!["SocketIO__ConnectionString"] = connectionString;
        File.WriteAllText(Path.Combine(target, "local.settings.json"), settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return target;
    }
}

[CollectionDefinition(Name)]
public sealed class ChatStackCollection : ICollectionFixture<ChatStack>
{
    public const string Name = "chat stack";
}
