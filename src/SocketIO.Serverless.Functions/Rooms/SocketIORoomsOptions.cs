using Microsoft.Extensions.Configuration;
using SocketIO.Serverless.Protocol.Rooms;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Where the SDK reads room membership straight from the gateway's rooms table (docs/adapter.md): section
/// <c>SocketIO:Rooms</c>, else the function app's own <c>AzureWebJobsStorage</c> settings. Neither: membership is
/// read through the gateway's REST routes, which also works behind the managed Web PubSub for Socket.IO service.
/// </summary>
public sealed class SocketIORoomsOptions
{
    /// <summary>A storage connection string (<c>SocketIO:Rooms:ConnectionString</c>, else <c>AzureWebJobsStorage</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint for identity-based access (<c>SocketIO:Rooms:TableServiceUri</c>, else <c>AzureWebJobsStorage__tableServiceUri</c>).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity (<c>SocketIO:Rooms:ClientId</c>, else <c>AzureWebJobsStorage__clientId</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The table the gateway writes (<c>Rooms:TableName</c> on the gateway; the same default).</summary>
    public string TableName { get; set; } = RoomTableColumns.DefaultTableName;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;

    /// <summary>Reads the settings: <c>SocketIO:Rooms:*</c> first, then the Functions host's <c>AzureWebJobsStorage</c> conventions.</summary>
    public static SocketIORoomsOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SocketIOOptions.SectionName + ":Rooms");
        var options = new SocketIORoomsOptions
        {
            TableName = section["TableName"] is { Length: > 0 } table ? table : RoomTableColumns.DefaultTableName,
            ConnectionString = NonEmpty(section["ConnectionString"]),
            TableServiceUri = Uri(section["TableServiceUri"]),
            ClientId = NonEmpty(section["ClientId"]),
        };
        if (options.IsConfigured)
        {
            return options;
        }

        // The Functions host's storage setting: a connection string, or an identity-based section.
        options.ConnectionString = NonEmpty(configuration["AzureWebJobsStorage"]);
        if (options.ConnectionString is null)
        {
            var storage = configuration.GetSection("AzureWebJobsStorage");
            options.TableServiceUri = Uri(storage["tableServiceUri"]);
            options.ClientId = NonEmpty(storage["clientId"]);
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Uri? Uri(string? value) => NonEmpty(value) is { } text ? new Uri(text, UriKind.Absolute) : null;
}
