using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// infra/main.bicep compiled to ARM JSON, and evaluated by <c>bicep snapshot</c> (offline: the resources a deployment
/// would create, with every parameter, name and id worked out; only values known once deployed stay expressions,
/// and secure parameters stay <c>[parameters('...')]</c>, which shows exactly where each secret flows) for the two
/// shapes a user gets: one gateway (the default, first <c>azd up</c>) and several gateways behind Redis.
/// </summary>
public sealed class DeploymentTemplate : IAsyncLifetime
{
    private const string SubscriptionId = "11111111-1111-1111-1111-111111111111";
    private const string TenantId = "22222222-2222-2222-2222-222222222222";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "socketio-deployment-" + Guid.NewGuid().ToString("N"));

    /// <summary>The compiled template (<c>bicep build infra/main.bicep</c>).</summary>
    public JsonObject Compiled { get; private set; } = new();

    /// <summary>Defaults: Redis off, the gateway's container app not deployed yet (the first <c>azd up</c>).</summary>
    public Snapshot SingleGateway { get; private set; } = null!;

    /// <summary>Redis on, the gateway already deployed (a later <c>azd up</c> keeps its image).</summary>
    public Snapshot ScaledOut { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, "main.json");
        var build = await BicepCli.RunAsync(Repository.Root, "build", Repository.PathOf("infra", "main.bicep"), "--outfile", output);
        Assert.True(build.ExitCode == 0, build.ToString());
        Compiled = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        SingleGateway = await SnapshotAsync("single", """
            param redisEnabled = false
            param gatewayExists = false
            """);
        ScaledOut = await SnapshotAsync("scaled", """
            param redisEnabled = true
            param gatewayExists = true
            param gatewayMaxReplicas = 7
            param adminToken = 'ci-admin-token'
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<Snapshot> SnapshotAsync(string name, string parameters)
    {
        // A .bicepparam file must name its template by a relative path.
        var main = Path.GetRelativePath(directory, Repository.PathOf("infra", "main.bicep")).Replace('\\', '/');
        var file = Path.Combine(directory, name + ".bicepparam");
        await File.WriteAllTextAsync(file, $"""
            using '{main}'
            param environmentName = 'ci'
            param location = 'westeurope'
            param principalId = '33333333-3333-3333-3333-333333333333'
            param accessKey = 'snapshot-access-key'
            {parameters}
            """);
        var result = await BicepCli.RunAsync(directory, "snapshot", file, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", "westeurope");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(BicepCli.Diagnostics(result));
        var snapshot = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, name + ".snapshot.json")))!;
        return new Snapshot(snapshot);
    }
}

/// <summary>The evaluated deployment: its predicted resources and outputs.</summary>
public sealed class Snapshot(JsonObject document)
{
    public JsonObject Document { get; } = document;

    public IReadOnlyList<JsonObject> Resources { get; } = document["predictedResources"]!.AsArray().Select(node => (JsonObject)node!).ToList();

    public JsonObject Outputs => (JsonObject)Document["outputs"]!;

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}.");
        return matches[0];
    }
}

[CollectionDefinition(Name)]
public sealed class DeploymentTemplateCollection : ICollectionFixture<DeploymentTemplate>
{
    public const string Name = "Deployment template";
}
