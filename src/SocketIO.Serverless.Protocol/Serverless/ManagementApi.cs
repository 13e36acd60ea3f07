namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>Constants of the management REST API (the Web PubSub data-plane subset the gateway serves).</summary>
public static class ManagementApi
{
    /// <summary>The data-plane API version the gateway implements; requests must carry <c>?api-version=</c> with it.</summary>
    public const string ApiVersion = "2024-01-01";

    /// <summary>The hub clients reach on <c>/socket.io/</c> unless configured otherwise.</summary>
    public const string DefaultHub = "hub";
}
