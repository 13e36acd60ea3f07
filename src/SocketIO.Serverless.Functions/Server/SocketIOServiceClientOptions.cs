using Azure.Core;

namespace SocketIO.Serverless.Functions;

/// <summary>Options of <see cref="SocketIOServiceClient"/>: the Azure SDK's retry, transport and diagnostics settings, and the API version.</summary>
public sealed class SocketIOServiceClientOptions : ClientOptions
{
    /// <summary>The management REST API versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>Web PubSub data-plane API 2024-01-01.</summary>
        V2024_01_01 = 1,
    }

    public SocketIOServiceClientOptions()
        : this(ServiceVersion.V2024_01_01)
    {
    }

    public SocketIOServiceClientOptions(ServiceVersion version)
    {
        Version = version;
    }

    public ServiceVersion Version { get; }

    internal string ApiVersion => Version switch
    {
        ServiceVersion.V2024_01_01 => "2024-01-01",
        _ => throw new NotSupportedException($"Service version {Version} is not supported."),
    };
}
