using System.ComponentModel.DataAnnotations;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// Scale-out over Redis (configuration section <c>Redis</c>, docs/scale-out.md): gateways sharing one Redis deliver
/// each other's broadcasts and answer each other's operations on their sockets. No connection string: one gateway,
/// no Redis. Durations are in milliseconds.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>The connection name used when <see cref="ConnectionString"/> is empty (<c>ConnectionStrings:redis</c>, as an Aspire app host sets it).</summary>
    public const string AspireConnectionName = "redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>host:6380,ssl=true,password=...</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The first part of every channel name, so several systems can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "Redis:ChannelPrefix must be 1 to 64 letters, digits, '_', '.', ':' or '-'.")]
    public string ChannelPrefix { get; set; } = "socketio";

    /// <summary>
    /// How long a cross-gateway operation waits for the other gateways' answers (an emitWithAck waits its own
    /// timeout plus this). Past it the management API answers 504.
    /// </summary>
    [Range(100, 600_000)]
    public int RequestTimeout { get; set; } = 5_000;

    /// <summary>How long connecting to Redis may take before a command fails (StackExchange.Redis' <c>connectTimeout</c>).</summary>
    [Range(100, 600_000)]
    public int ConnectTimeout { get; set; } = 5_000;

    /// <summary>Whether several gateways share Redis; otherwise the gateway works alone.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
