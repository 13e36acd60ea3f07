using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>The gateway's container app as deployed, with one gateway (the default) and with the Redis backplane.</summary>
[Collection(DeploymentTemplateCollection.Name)]
public sealed class GatewayTemplateTests(DeploymentTemplate template)
{
    private const string ContainerApp = "Microsoft.App/containerApps";

    [Fact]
    public void Ingress_is_external_HTTP_1_1_with_sticky_sessions()
    {
        var app = template.SingleGateway.Single(ContainerApp);
        var configuration = app["properties"]!["configuration"]!;
        var ingress = configuration["ingress"]!;

        Assert.True((bool)ingress["external"]!);
        // HTTP/1.1 carries the WebSocket upgrade; sticky sessions keep a session's long-polling on one replica.
        Assert.Equal("http", (string?)ingress["transport"]);
        Assert.False((bool)ingress["allowInsecure"]!);
        Assert.Equal(8080, (int)ingress["targetPort"]!);
        Assert.Equal("sticky", (string?)ingress["stickySessions"]!["affinity"]);
        Assert.Equal("Single", (string?)configuration["activeRevisionsMode"]);
        Assert.Equal("gateway", (string?)app["tags"]!["azd-service-name"]);
    }

    [Fact]
    public void Probes_are_healthz_for_liveness_and_readyz_for_readiness()
    {
        var probes = Probes(template.ScaledOut);

        Assert.Equal("/healthz", probes["Liveness"]);
        Assert.Equal("/readyz", probes["Readiness"]);
        Assert.Equal("/healthz", probes["Startup"]);
        // The placeholder image of the first provision answers /healthz only; readiness asks it that until azd deploys.
        Assert.Equal("/healthz", Probes(template.SingleGateway)["Readiness"]);
        Assert.Equal("mcr.microsoft.com/dotnet/samples:aspnetapp", (string?)Container(template.SingleGateway)["image"]);
        Assert.Contains("template.containers[0].image", (string?)Container(template.ScaledOut)["image"], StringComparison.Ordinal);
    }

    [Fact]
    public void One_replica_without_Redis_and_a_connection_scale_rule_up_to_the_maximum_with_it()
    {
        var single = Scale(template.SingleGateway);
        var scaled = Scale(template.ScaledOut);

        Assert.Equal(1, (int)single["minReplicas"]!);
        Assert.Equal(1, (int)single["maxReplicas"]!);
        Assert.Equal(1, (int)scaled["minReplicas"]!);
        Assert.Equal(7, (int)scaled["maxReplicas"]!);
        foreach (var scale in new[] { single, scaled })
        {
            var rule = Assert.Single(scale["rules"]!.AsArray())!;
            Assert.Equal("1000", (string?)rule["http"]!["metadata"]!["concurrentRequests"]);
        }

        Assert.Empty(template.SingleGateway.OfType("Microsoft.Cache/redisEnterprise"));
        Assert.Single(template.ScaledOut.OfType("Microsoft.Cache/redisEnterprise"));
        Assert.DoesNotContain("Redis__ConnectionString", Env(template.SingleGateway).Keys);
        Assert.Equal("secretRef:redis-connection-string", Env(template.ScaledOut)["Redis__ConnectionString"]);
    }

    [Fact]
    public void Settings_wire_the_function_app_the_rooms_table_and_telemetry()
    {
        var env = Env(template.SingleGateway);

        Assert.Equal("Functions", env["Gateway__Application"]);
        Assert.StartsWith("[format('https://{0}/api/socketio{{namespace}}/{{event}}', reference('", env["Upstream__UrlTemplate"], StringComparison.Ordinal);
        Assert.Contains("/providers/Microsoft.Web/sites/func-", env["Upstream__UrlTemplate"], StringComparison.Ordinal);
        Assert.EndsWith(".defaultHostName)]", env["Upstream__UrlTemplate"], StringComparison.Ordinal);
        Assert.Equal("secretRef:upstream-access-key", env["Upstream__AccessKey"]);
        Assert.Equal("/", env["Upstream__Namespaces__0"]);
        Assert.Equal("/admin", env["Upstream__Namespaces__1"]);
        Assert.EndsWith("primaryEndpoints.table]", env["Rooms__TableServiceUri"], StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities/id-gateway-", env["Rooms__ClientId"], StringComparison.Ordinal);
        Assert.Equal(env["Rooms__ClientId"], env["AZURE_CLIENT_ID"]);
        Assert.Equal("socketiorooms", env["Rooms__TableName"]);
        Assert.EndsWith(".ConnectionString]", env["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_as_its_own_identity_and_pulls_from_the_registry_with_it()
    {
        var app = template.SingleGateway.Single(ContainerApp);
        var identity = (string)((JsonObject)app["identity"]!["userAssignedIdentities"]!).Single().Key;
        var registry = Assert.Single(app["properties"]!["configuration"]!["registries"]!.AsArray())!;

        Assert.Contains("/userAssignedIdentities/id-gateway-", identity, StringComparison.Ordinal);
        Assert.Equal(identity, (string?)registry["identity"]);
        Assert.Null(registry["passwordSecretRef"]);
        var acrPull = template.SingleGateway.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ((string?)assignment["properties"]!["roleDefinitionId"])!.EndsWith("/7f951dda-4ed3-4680-a7ca-43fe172d538d", StringComparison.Ordinal))
            .ToList();
        var pull = Assert.Single(acrPull);
        Assert.Contains("id-gateway-", (string?)pull["properties"]!["principalId"], StringComparison.Ordinal);
        Assert.False((bool)template.SingleGateway.Single("Microsoft.ContainerRegistry/registries")["properties"]!["adminUserEnabled"]!);
    }

    private static JsonObject Container(Snapshot snapshot) =>
        (JsonObject)Assert.Single(snapshot.Single(ContainerApp)["properties"]!["template"]!["containers"]!.AsArray())!;

    private static IReadOnlyDictionary<string, string> Env(Snapshot snapshot) => Settings.Of(Container(snapshot)["env"]);

    private static JsonObject Scale(Snapshot snapshot) => (JsonObject)snapshot.Single(ContainerApp)["properties"]!["template"]!["scale"]!;

    private static Dictionary<string, string> Probes(Snapshot snapshot) =>
        Container(snapshot)["probes"]!.AsArray().ToDictionary(probe => (string)probe!["type"]!, probe => (string)probe!["httpGet"]!["path"]!);
}
