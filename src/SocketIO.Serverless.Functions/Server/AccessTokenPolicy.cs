using Azure.Core;
using Azure.Core.Pipeline;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Signs every attempt of a management call with a fresh HS256 bearer token whose <c>aud</c> is the request's URL,
/// as Web PubSub's SDKs do (a retry gets its own token, so a long back-off never sends an expired one).
/// </summary>
internal sealed class AccessTokenPolicy(string accessKey) : HttpPipelineSynchronousPolicy
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public override void OnSendingRequest(HttpMessage message)
    {
        var token = ServiceAccessToken.Create(accessKey, message.Request.Uri.ToUri().AbsoluteUri, Lifetime);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
    }
}
