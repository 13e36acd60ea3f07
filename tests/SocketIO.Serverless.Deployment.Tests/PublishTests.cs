using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// Both apps publish as azd publishes them (<c>dotnet publish -c Release</c>), into temporary folders: the function
/// app into a package Flex Consumption runs (worker indexing, no Core Tools), the gateway with the client bundle.
/// </summary>
public sealed class PublishTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_function_app_publishes_a_worker_indexed_package()
    {
        await using var output = await PublishAsync("SocketIO.Serverless.ChatFunctions");

        Assert.True(File.Exists(output.PathOf("host.json")));
        Assert.True(File.Exists(output.PathOf("SocketIO.Serverless.ChatFunctions.dll")));
        // The worker describes itself (the Functions host starts it with `dotnet <dll>`) ...
        var worker = JsonNode.Parse(await File.ReadAllTextAsync(output.PathOf("worker.config.json")))!["description"]!;
        Assert.Equal("dotnet", (string?)worker["defaultExecutablePath"]);
        Assert.Equal("SocketIO.Serverless.ChatFunctions.dll", (string?)worker["defaultWorkerPath"]);
        Assert.Equal("dotnet-isolated", (string?)worker["language"]);
        // ... and its functions are indexed at build time (functions.metadata), so no function.json and no Core Tools.
        var functions = JsonNode.Parse(await File.ReadAllTextAsync(output.PathOf("functions.metadata")))!.AsArray();
        var names = functions.Select(function => (string)function!["name"]!).ToList();
        Assert.Contains("message", names);
        Assert.Contains("connect", names);
        Assert.All(functions, function => Assert.Equal("dotnet-isolated", (string?)function!["language"]));
        Assert.Empty(Directory.GetFiles(output.Folder, "function.json", SearchOption.AllDirectories));
        // The gateway calls https://<app>/api/socketio{namespace}/{event} with no function key: every trigger is
        // anonymous (requests are verified by their ce-signature instead) and under that route.
        var triggers = functions.SelectMany(function => function!["bindings"]!.AsArray()).Where(binding => (string?)binding!["type"] == "httpTrigger").ToList();
        Assert.Equal(functions.Count, triggers.Count);
        Assert.All(triggers, trigger => Assert.Equal("Anonymous", (string?)trigger!["authLevel"]));
        Assert.All(triggers, trigger => Assert.StartsWith("socketio/", (string?)trigger!["route"], StringComparison.Ordinal));
        // Development settings stay home.
        Assert.False(File.Exists(output.PathOf("local.settings.json")));
        // The extension bundle the host loads for the worker's bindings.
        Assert.True(File.Exists(output.PathOf(".azurefunctions", "function.deps.json")) || File.Exists(output.PathOf("extensions.json")),
            "The publish output carries no extension metadata (.azurefunctions/ or extensions.json).");
    }

    [Fact]
    public async Task The_gateway_publishes_with_the_client_bundle_embedded_and_the_demo_page()
    {
        await using var output = await PublishAsync("SocketIO.Serverless.Gateway");

        Assert.True(File.Exists(output.PathOf("SocketIO.Serverless.Gateway.dll")));
        Assert.True(File.Exists(output.PathOf("appsettings.json")));
        Assert.True(File.Exists(output.PathOf("wwwroot", "index.html")));
        var resources = ManifestResources(output.PathOf("SocketIO.Serverless.Gateway.dll"));
        Assert.Contains("SocketIOClient/socket.io.js", resources);
        Assert.Contains("SocketIOClient/socket.io.min.js", resources);
        Assert.Contains("SocketIOClient/package.json", resources);
    }

    private static async Task<PublishOutput> PublishAsync(string project)
    {
        var output = new PublishOutput(Directory.CreateTempSubdirectory($"socketio-publish-{project}-").FullName);
        try
        {
            // No build servers: the test leaves no compiler or MSBuild node running behind it.
            var result = await ProcessRunner.RunAsync("dotnet",
                ["publish", Repository.PathOf("src", project, project + ".csproj"), "--configuration", "Release", "--output", output.Folder,
                 "--disable-build-servers", "-nodeReuse:false", "-nologo", "-clp:ErrorsOnly"],
                Repository.Root, PublishTimeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            return output;
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    private static List<string> ManifestResources(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.ManifestResources.Select(handle => metadata.GetString(metadata.GetManifestResource(handle).Name)).ToList();
    }

    private sealed class PublishOutput(string folder) : IAsyncDisposable
    {
        public string Folder { get; } = folder;

        public string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

        public ValueTask DisposeAsync()
        {
            Directory.Delete(Folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
