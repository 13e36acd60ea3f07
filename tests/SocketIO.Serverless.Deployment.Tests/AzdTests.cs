using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>What azd reads: azure.yaml's services, main.parameters.json's mappings, the template's outputs and tags.</summary>
[Collection(DeploymentTemplateCollection.Name)]
public sealed class AzdTests(DeploymentTemplate template)
{
    private static readonly IReadOnlyDictionary<string, string> AzureYaml = SimpleYaml.Parse(Repository.Read("azure.yaml"));

    [Fact]
    public void Azure_yaml_deploys_the_chat_function_app_and_the_gateway_built_in_the_registry()
    {
        Assert.Equal("bicep", AzureYaml["infra.provider"]);
        Assert.True(File.Exists(Repository.PathOf(AzureYaml["infra.path"], AzureYaml["infra.module"] + ".bicep")));

        Assert.Equal("function", AzureYaml["services.functions.host"]);
        Assert.Equal("dotnet", AzureYaml["services.functions.language"]);
        var functionsProject = Repository.PathOf(AzureYaml["services.functions.project"]);
        Assert.True(File.Exists(Path.Combine(functionsProject, "SocketIO.Serverless.ChatFunctions.csproj")), functionsProject);

        Assert.Equal("containerapp", AzureYaml["services.gateway.host"]);
        Assert.Equal("true", AzureYaml["services.gateway.docker.remoteBuild"]);
        var gatewayProject = Repository.PathOf(AzureYaml["services.gateway.project"]);
        Assert.True(File.Exists(Path.Combine(gatewayProject, "SocketIO.Serverless.Gateway.csproj")), gatewayProject);
        // docker.path and docker.context are relative to the service's project folder.
        Assert.Equal(Repository.PathOf("Dockerfile"), Path.GetFullPath(Path.Combine(gatewayProject, AzureYaml["services.gateway.docker.path"])));
        Assert.Equal(Path.TrimEndingDirectorySeparator(Repository.PathOf()), Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(gatewayProject, AzureYaml["services.gateway.docker.context"]))));
    }

    [Fact]
    public void Each_service_has_exactly_one_resource_tagged_with_its_name()
    {
        foreach (var snapshot in new[] { template.SingleGateway, template.ScaledOut })
        {
            foreach (var (service, type) in new[] { ("functions", "Microsoft.Web/sites"), ("gateway", "Microsoft.App/containerApps") })
            {
                Assert.True(AzureYaml.ContainsKey($"services.{service}.host"), $"azure.yaml has no service {service}.");
                var tagged = snapshot.Resources.Where(resource => (string?)resource["tags"]?["azd-service-name"] == service).ToList();
                Assert.Equal(type, (string?)Assert.Single(tagged)["type"]);
            }

            Assert.Equal("ci", (string?)snapshot.Single("Microsoft.Resources/resourceGroups")["tags"]!["azd-env-name"]);
            Assert.Equal("rg-ci", (string?)snapshot.Single("Microsoft.Resources/resourceGroups")["name"]);
        }
    }

    [Fact]
    public void Parameters_file_maps_the_azd_environment_and_names_only_template_parameters()
    {
        var parameters = JsonNode.Parse(Repository.Read("infra", "main.parameters.json"))!["parameters"]!.AsObject();
        var declared = template.Compiled["parameters"]!.AsObject();

        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]!["value"]);
        Assert.Equal("${SOCKETIO_REDIS_ENABLED=false}", (string?)parameters["redisEnabled"]!["value"]);
        foreach (var (name, _) in parameters)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare.");
        }

        Assert.Equal("subscriptionDeploymentTemplate.json#", ((string)template.Compiled["$schema"]!).Split('/')[^1]);
    }

    [Fact]
    public void Outputs_give_azd_the_registry_and_the_user_the_endpoints()
    {
        var outputs = template.SingleGateway.Outputs;

        Assert.Contains("/registries/cr", (string?)outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"], StringComparison.Ordinal);
        Assert.EndsWith(".loginServer]", (string?)outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"], StringComparison.Ordinal);
        Assert.Equal("rg-ci", (string?)outputs["AZURE_RESOURCE_GROUP"]);
        Assert.Equal("westeurope", (string?)outputs["AZURE_LOCATION"]);
        Assert.StartsWith("[format('https://{0}', reference(", (string?)outputs["SERVICE_GATEWAY_URI"], StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}', reference(", (string?)outputs["SERVICE_FUNCTIONS_URI"], StringComparison.Ordinal);
        Assert.StartsWith("[format('{0}/', format('https://{0}', reference(", (string?)outputs["SOCKETIO_CHAT_URL"], StringComparison.Ordinal);
        Assert.False((bool)outputs["SOCKETIO_REDIS_ENABLED"]!);
        Assert.True((bool)template.ScaledOut.Outputs["SOCKETIO_REDIS_ENABLED"]!);
    }
}

/// <summary>Reads the block-mapping YAML of azure.yaml (nested keys, scalar values, comments) into dotted keys.</summary>
internal static class SimpleYaml
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<(int Indent, string Key)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            Assert.False(content.StartsWith('-'), $"azure.yaml holds a list, which this reader does not know: {line}");
            var indent = line.Length - content.Length;
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"Not a key: {line}");
            path.RemoveAll(entry => entry.Indent >= indent);
            var key = content[..colon].Trim();
            var value = content[(colon + 1)..].Trim();
            path.Add((indent, key));
            if (value.Length > 0)
            {
                values[string.Join('.', path.Select(entry => entry.Key))] = value.Trim('"', '\'');
            }
        }

        return values;
    }
}
