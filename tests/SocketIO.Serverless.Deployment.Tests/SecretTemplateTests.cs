using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// The access key shared by the gateway and the function app exists only as secrets: a Container Apps secret of the
/// gateway and the Key Vault secret the function app's setting refers to. Never a plain setting, a parameter
/// default or an output.
/// </summary>
[Collection(DeploymentTemplateCollection.Name)]
public sealed class SecretTemplateTests(DeploymentTemplate template)
{
    private const string AccessKeyParameter = "parameters('accessKey')";

    [Fact]
    public void The_access_key_is_a_secure_parameter_without_a_default_that_azd_generates()
    {
        var parameter = template.Compiled["parameters"]!["accessKey"]!;

        Assert.Equal("securestring", (string?)parameter["type"]);
        Assert.Null(parameter["defaultValue"]);
        Assert.Equal("generate", (string?)parameter["metadata"]!["azd"]!["type"]);
        Assert.True((bool)parameter["metadata"]!["azd"]!["config"]!["noSpecial"]!, "A ';' would end the connection string early.");
        // Not in main.parameters.json either: azd keeps the generated value in the environment's configuration.
        var parameters = JsonNode.Parse(Repository.Read("infra", "main.parameters.json"))!["parameters"]!.AsObject();
        Assert.DoesNotContain("accessKey", parameters.Select(pair => pair.Key));
    }

    [Fact]
    public void The_access_key_flows_only_into_the_gateway_secret_and_the_key_vault_secret()
    {
        foreach (var snapshot in new[] { template.SingleGateway, template.ScaledOut })
        {
            var places = JsonStrings.Of(snapshot.Document).Where(item => item.Value.Contains(AccessKeyParameter, StringComparison.Ordinal)).ToList();
            var resources = snapshot.Resources;
            Assert.Equal(2, places.Count);
            Assert.All(places, place => Assert.Matches(@"^\$\.predictedResources\[\d+\]\.properties\.(value|configuration\.secrets\[\d+\]\.value)$", place.Path));
            var owners = places.Select(place => (string)resources[int.Parse(place.Path.Split('[', ']')[1], System.Globalization.CultureInfo.InvariantCulture)]["type"]!).Order(StringComparer.Ordinal);
            Assert.Equal(["Microsoft.App/containerApps", "Microsoft.KeyVault/vaults/secrets"], owners);
            Assert.DoesNotContain(JsonStrings.Of(snapshot.Outputs), item => item.Value.Contains("accessKey", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Every_template_parameter_that_receives_a_secret_is_secure_and_no_output_is_one()
    {
        // The compiled main template and every module's template: a parameter fed by a secure one must be secure too
        // (else deployment history shows it), and no output may return a secret.
        var secureInputs = new[] { "accessKey", "secretValue", "adminToken" };
        foreach (var module in Templates(template.Compiled))
        {
            foreach (var (name, definition) in module["parameters"]?.AsObject() ?? [])
            {
                if (secureInputs.Contains(name))
                {
                    Assert.Equal("securestring", (string?)definition!["type"]);
                }
            }

            foreach (var (name, output) in module["outputs"]?.AsObject() ?? [])
            {
                Assert.DoesNotContain("secure", (string?)output!["type"], StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("listKeys", output["value"]?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
                Assert.False(secureInputs.Any(secret => (output["value"]?.ToString() ?? "").Contains($"parameters('{secret}')", StringComparison.Ordinal)), $"Output {name} returns a secret.");
            }
        }
    }

    [Fact]
    public void Only_the_function_app_may_read_the_connection_string_secret()
    {
        var secret = template.SingleGateway.Single("Microsoft.KeyVault/vaults/secrets");
        var vault = template.SingleGateway.Single("Microsoft.KeyVault/vaults");
        var grants = template.SingleGateway.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ((string)assignment["id"]!).Contains("/providers/Microsoft.KeyVault/", StringComparison.Ordinal))
            .ToList();

        var grant = Assert.Single(grants);
        Assert.Contains($"'{(string)secret["id"]!}'", (string)grant["id"]!, StringComparison.Ordinal);
        Assert.EndsWith("/4633458b-17de-408a-b874-0445c86b69e6", (string?)grant["properties"]!["roleDefinitionId"], StringComparison.Ordinal); // Key Vault Secrets User
        Assert.Contains("/userAssignedIdentities/id-functions-", (string?)grant["properties"]!["principalId"], StringComparison.Ordinal);
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!, "Access goes through Azure RBAC, not access policies.");
    }

    [Fact]
    public void The_redis_key_only_travels_inside_the_gateway_secret()
    {
        var app = template.ScaledOut.Single("Microsoft.App/containerApps");
        var secret = app["properties"]!["configuration"]!["secrets"]!.AsArray().Single(item => (string?)item!["name"] == "redis-connection-string")!;

        Assert.StartsWith("[format('{0}:10000,password={1},ssl=True,abortConnect=False', reference(", (string?)secret["value"], StringComparison.Ordinal);
        Assert.Contains("listKeys('/subscriptions/", (string?)secret["value"], StringComparison.Ordinal);
        var mentions = JsonStrings.Of(template.ScaledOut.Document).Where(item => item.Value.Contains("listKeys(", StringComparison.Ordinal)).ToList();
        Assert.Single(mentions);
    }

    /// <summary>The template and, recursively, the template of every module it deploys.</summary>
    private static IEnumerable<JsonObject> Templates(JsonObject root)
    {
        yield return root;
        var resources = root["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(pair => pair.Value).OfType<JsonObject>(), // languageVersion 2.0
            _ => [],
        };
        foreach (var resource in resources.Where(resource => (string?)resource["type"] == "Microsoft.Resources/deployments"))
        {
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
