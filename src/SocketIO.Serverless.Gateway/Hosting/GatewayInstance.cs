using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>The id of this gateway process in shared state: <c>Gateway:InstanceId</c>, or a new one per process.</summary>
public sealed class GatewayInstance(IOptions<GatewayOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}"
        : options.Value.InstanceId;
}
