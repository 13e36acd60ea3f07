using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Tests.Upstream;

public sealed class ClientTokenReaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void A_token_signed_with_the_key_gives_claims_and_user()
    {
        var token = ServiceAccessToken.Create("short", "http://gateway/clients/socketio/hubs/hub", TimeSpan.FromMinutes(5), Now, subject: "alice");
        Assert.True(ClientTokenReader.TryRead(token, "short", Now, out var claims, out var user, out _));
        Assert.Equal("alice", user);
        Assert.Equal(["alice"], claims["sub"]);
    }

    [Fact]
    public void Wrong_key_expired_or_garbage_tokens_give_nothing()
    {
        var token = ServiceAccessToken.Create("key", "http://gateway/", TimeSpan.FromMinutes(5), Now, subject: "alice");
        Assert.False(ClientTokenReader.TryRead(token, "other", Now, out var claims, out var user, out var reason));
        Assert.Empty(claims);
        Assert.Null(user);
        Assert.Contains("signature", reason, StringComparison.Ordinal);

        Assert.False(ClientTokenReader.TryRead(token, "key", Now.AddHours(1), out _, out _, out reason));
        Assert.Contains("expired", reason, StringComparison.Ordinal);

        Assert.False(ClientTokenReader.TryRead("not.a.jwt", "key", Now, out _, out _, out _));
        Assert.False(ClientTokenReader.TryRead(token[..^2], "key", Now, out _, out _, out _));
    }
}
