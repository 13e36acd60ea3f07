using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>The function app as deployed: Flex Consumption, dotnet-isolated on the projects' .NET, identity-based storage.</summary>
[Collection(DeploymentTemplateCollection.Name)]
public sealed class FunctionAppTemplateTests(DeploymentTemplate template)
{
    private const string ManagedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";

    [Fact]
    public void Runs_on_a_Flex_Consumption_plan()
    {
        var plan = template.SingleGateway.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!, "Flex Consumption plans are Linux (reserved).");
        Assert.Equal((string?)plan["id"], (string?)FunctionApp()["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void Runs_dotnet_isolated_on_the_dotnet_version_the_projects_target()
    {
        var targetFramework = XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var runtime = FunctionApp()["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("functionapp,linux", (string?)FunctionApp()["kind"]);
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal(targetFramework.Replace("net", "", StringComparison.Ordinal), (string?)runtime["version"]);
    }

    [Fact]
    public void Runs_as_its_own_user_assigned_identity_for_storage_deployment_and_key_vault()
    {
        var app = FunctionApp();
        var identity = IdentityId("functions");
        var deployment = app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal([identity], ((JsonObject)app["identity"]!["userAssignedIdentities"]!).Select(pair => pair.Key));
        Assert.Equal("blobContainer", (string?)deployment["type"]);
        Assert.Contains("'app-package'", (string?)deployment["value"], StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)deployment["authentication"]!["type"]);
        Assert.Equal(identity, (string?)deployment["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.Equal(identity, (string?)app["properties"]!["keyVaultReferenceIdentity"]);
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
        Assert.Equal("functions", (string?)app["tags"]!["azd-service-name"]);
        Assert.Equal("ci", (string?)app["tags"]!["azd-env-name"]);
    }

    [Fact]
    public void Host_storage_is_identity_based()
    {
        var settings = AppSettings();

        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("userAssignedIdentities/id-functions-", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.EndsWith(".clientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.EndsWith("primaryEndpoints.blob", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith("primaryEndpoints.queue", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith("primaryEndpoints.table", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        // No connection string: it would carry an account key. Flex Consumption also refuses these two settings.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
    }

    [Fact]
    public void Socket_IO_settings_point_at_the_gateway_and_the_rooms_table()
    {
        var settings = AppSettings();

        // The connection string (gateway endpoint + access key) is a Key Vault reference, never the key itself.
        Assert.StartsWith("format('@Microsoft.KeyVault(SecretUri={0})', reference(", settings["SocketIO__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains("/secrets/socketio-connection-string'", settings["SocketIO__ConnectionString"], StringComparison.Ordinal);
        Assert.EndsWith("primaryEndpoints.table", settings["SocketIO__Rooms__TableServiceUri"], StringComparison.Ordinal);
        Assert.Equal("'socketiorooms'", settings["SocketIO__Rooms__TableName"]);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
        Assert.EndsWith(".ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);

        // The secret holds Endpoint=<the gateway's https URL>;AccessKey=<the shared key>.
        var secret = template.SingleGateway.Single("Microsoft.KeyVault/vaults/secrets");
        var value = (string)secret["properties"]!["value"]!;
        Assert.StartsWith("[format('Endpoint={0};AccessKey={1};Version=1.0;', format('https://{0}.{1}', 'ca-gateway-", value, StringComparison.Ordinal);
        Assert.EndsWith("parameters('accessKey'))]", value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_token_is_a_parameter_off_by_default()
    {
        var expression = (string)FunctionApp()["properties"]!["siteConfig"]!["appSettings"]!;

        Assert.Contains("if(empty(parameters('adminToken')), createArray(), createArray(createObject('name', format('Admin__Tokens__{0}', parameters('adminToken')), 'value', parameters('adminUser'))))", expression, StringComparison.Ordinal);
        var main = template.Compiled["parameters"]!;
        Assert.Equal("securestring", (string?)main["adminToken"]!["type"]);
        Assert.Equal("", (string?)main["adminToken"]!["defaultValue"]);
    }

    private JsonObject FunctionApp() => template.SingleGateway.Single("Microsoft.Web/sites");

    private IReadOnlyDictionary<string, string> AppSettings() => Settings.Of(FunctionApp()["properties"]!["siteConfig"]!["appSettings"]);

    private string IdentityId(string app) =>
        (string)template.SingleGateway.OfType(ManagedIdentity).Single(identity => ((string)identity["name"]!).StartsWith($"id-{app}-", StringComparison.Ordinal))["id"]!;
}
