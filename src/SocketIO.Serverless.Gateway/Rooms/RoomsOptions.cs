using System.ComponentModel.DataAnnotations;
using SocketIO.Serverless.Protocol.Rooms;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Where the gateway keeps rooms durably (configuration section <c>Rooms</c>, docs/adapter.md): Azure Table Storage
/// by connection string (<c>UseDevelopmentStorage=true</c> for Azurite) or by table endpoint with
/// <c>DefaultAzureCredential</c> (managed identity in Azure). Neither set: rooms live in memory only.
/// Durations are in milliseconds.
/// </summary>
public sealed class RoomsOptions : IValidatableObject
{
    public const string SectionName = "Rooms";

    /// <summary>A storage connection string, e.g. <c>UseDevelopmentStorage=true</c> or Azurite's full one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint, e.g. <c>https://account.table.core.windows.net</c>, reached with <c>DefaultAzureCredential</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity for <see cref="TableServiceUri"/>; empty for the system-assigned one or a developer login.</summary>
    public string? ClientId { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "Rooms:TableName must be 3 to 63 letters and digits, starting with a letter (Azure's table name rules).")]
    public string TableName { get; set; } = RoomTableColumns.DefaultTableName;

    /// <summary>
    /// How long one storage operation (with the SDK's retries of transient failures inside it) may take before a join
    /// or leave fails with 503. Bounded, so storage that is down never holds a caller for long.
    /// </summary>
    [Range(100, 600_000)]
    public int OperationTimeout { get; set; } = 10_000;

    /// <summary>Retries of a transient storage failure within one operation (the Azure SDK's exponential backoff).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>How often this gateway writes its heartbeat row, repairs rows that failed to write, and looks for dead gateways.</summary>
    [Range(100, 600_000)]
    public int HeartbeatInterval { get; set; } = 10_000;

    /// <summary>A gateway whose heartbeat is older than this is dead: any live gateway removes its sockets' rows.</summary>
    [Range(500, 86_400_000)]
    public int InstanceExpiry { get; set; } = 60_000;

    /// <summary>Whether a rooms table is configured; otherwise the in-memory adapter works alone.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) && TableServiceUri is not null)
        {
            yield return new ValidationResult("Set Rooms:ConnectionString or Rooms:TableServiceUri, not both.", [nameof(ConnectionString), nameof(TableServiceUri)]);
        }

        if (InstanceExpiry <= HeartbeatInterval)
        {
            yield return new ValidationResult("Rooms:InstanceExpiry must be longer than Rooms:HeartbeatInterval, or live gateways would be taken for dead.", [nameof(InstanceExpiry)]);
        }
    }
}
