using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// The bearer token of a management REST call, as Web PubSub's SDKs sign it: an HS256 JWT keyed by the UTF-8 bytes
/// of the access key, whose <c>aud</c> is the full request URL (query string included) and which expires (the
/// official clients use one hour). The gateway validates it; the Functions SDK creates it with this.
/// </summary>
public static class ServiceAccessToken
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Signs a token for a request to <paramref name="audience"/> (the request URL).</summary>
    public static string Create(string accessKey, string audience, TimeSpan? lifetime = null, DateTimeOffset? now = null, string? subject = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        var issuedAt = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var expires = issuedAt + (long)(lifetime ?? DefaultLifetime).TotalSeconds;

        var header = """{"alg":"HS256","typ":"JWT"}"""u8;
        using var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("aud", audience);
            writer.WriteNumber("iat", issuedAt);
            writer.WriteNumber("exp", expires);
            if (subject is not null)
            {
                writer.WriteString("sub", subject);
            }

            writer.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload.ToArray());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
