using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class ServiceAccessTokenTests
{
    [Fact]
    public void Is_an_hs256_jwt_with_audience_and_expiry()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var token = ServiceAccessToken.Create("secret", "http://localhost:3000/api/hubs/hub/:send?api-version=2024-01-01", TimeSpan.FromMinutes(5), now);
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("http://localhost:3000/api/hubs/hub/:send?api-version=2024-01-01", payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal(1_700_000_300, payload.RootElement.GetProperty("exp").GetInt64());

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(expected, Base64Url.DecodeFromChars(parts[2]));
    }
}
