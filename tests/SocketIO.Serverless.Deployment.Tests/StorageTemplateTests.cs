using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>The storage account: rooms table, deployment container, shared keys off, a data role per app.</summary>
[Collection(DeploymentTemplateCollection.Name)]
public sealed class StorageTemplateTests(DeploymentTemplate template)
{
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string TableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";

    [Fact]
    public void The_account_refuses_shared_keys_and_holds_the_rooms_table_and_the_deployment_container()
    {
        var account = template.SingleGateway.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.EndsWith("/socketiorooms", (string?)template.SingleGateway.Single("Microsoft.Storage/storageAccounts/tableServices/tables")["name"], StringComparison.Ordinal);
        Assert.EndsWith("/app-package", (string?)template.SingleGateway.Single("Microsoft.Storage/storageAccounts/blobServices/containers")["name"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateway_writes_the_rooms_and_the_functions_read_them()
    {
        var grants = StorageGrants();

        Assert.Contains(("id-gateway-", TableDataContributor), grants);
        Assert.Contains(("id-functions-", TableDataReader), grants);
        Assert.Contains(("id-functions-", BlobDataOwner), grants);
        Assert.DoesNotContain(("id-gateway-", BlobDataOwner), grants);
        Assert.DoesNotContain(("id-functions-", TableDataContributor), grants);
        // The user running azd may read and write the rooms too (principalId), as a user principal.
        Assert.Contains(("33333333-3333-3333-3333-333333333333", TableDataContributor), grants);
        var user = template.SingleGateway.OfType("Microsoft.Authorization/roleAssignments")
            .First(assignment => (string?)assignment["properties"]!["principalId"] == "33333333-3333-3333-3333-333333333333");
        Assert.Equal("User", (string?)user["properties"]!["principalType"]);
    }

    [Fact]
    public void No_storage_account_key_is_read_or_written_anywhere()
    {
        foreach (var (path, text) in JsonStrings.Of(template.Compiled)
            .Concat(JsonStrings.Of(template.SingleGateway.Document))
            .Concat(JsonStrings.Of(template.ScaledOut.Document)))
        {
            foreach (var call in ListCalls(text))
            {
                Assert.False(call.Contains("Microsoft.Storage", StringComparison.OrdinalIgnoreCase), $"{path} reads storage keys: {call}");
            }

            Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DefaultEndpointsProtocol", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listAccountSas", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listServiceSas", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The storage account's role assignments as (principal, role), the principal by identity name or id.</summary>
    private List<(string Principal, string Role)> StorageGrants() =>
        template.SingleGateway.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => ((string)assignment["id"]!).Contains("/providers/Microsoft.Storage/storageAccounts/", StringComparison.Ordinal))
            .Select(assignment => assignment["properties"]!)
            .Select(properties => (Principal(properties), ((string)properties["roleDefinitionId"]!).Split('/')[^1]))
            .ToList();

    private static string Principal(JsonNode properties)
    {
        var principal = (string)properties["principalId"]!;
        foreach (var prefix in new[] { "id-gateway-", "id-functions-" })
        {
            if (principal.Contains("/userAssignedIdentities/" + prefix, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return principal;
    }

    /// <summary>Each <c>list*(...)</c> call of an ARM expression (listKeys, list, listSecrets ...), with its arguments' start.</summary>
    private static IEnumerable<string> ListCalls(string text)
    {
        for (var at = text.IndexOf("list", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf("list", at + 4, StringComparison.OrdinalIgnoreCase))
        {
            var open = text.IndexOf('(', at);
            if (open > at && open - at < 24 && text[at..open].All(char.IsLetter))
            {
                yield return text[at..Math.Min(text.Length, open + 300)];
            }
        }
    }
}
