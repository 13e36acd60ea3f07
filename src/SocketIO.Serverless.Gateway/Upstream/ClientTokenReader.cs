using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Reads the client's <c>access_token</c> (the managed service's client URL carries one): when it is an HS256 JWT
/// signed with the access key and not expired, its claims go to the connect event and its <c>sub</c> becomes the
/// socket's user id. A token that does not verify contributes nothing, so no client can forge claims.
/// The HMAC is checked here rather than by <c>JsonWebTokenHandler</c> because the handler refuses keys shorter than
/// the hash size, while the service's own clients accept any key.
/// </summary>
internal static class ClientTokenReader
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static bool TryRead(string? token, string? accessKey, DateTimeOffset now, out Dictionary<string, string[]> claims, out string? userId, out string? reason)
    {
        claims = [];
        userId = null;
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(accessKey))
        {
            reason = "no token";
            return false;
        }

        if (!TryVerify(token, accessKey, now, out var jwt, out reason))
        {
            return false;
        }

        claims = jwt.Claims.GroupBy(claim => claim.Type, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Select(claim => claim.Value).ToArray(), StringComparer.Ordinal);
        userId = jwt.TryGetPayloadValue<string>("sub", out var subject) && !string.IsNullOrEmpty(subject) ? subject : null;
        return true;
    }

    /// <summary>Parses <paramref name="token"/> and checks its HS256 signature with <paramref name="accessKey"/> and its lifetime.</summary>
    public static bool TryVerify(string token, string accessKey, DateTimeOffset now, out JsonWebToken jwt, out string? reason)
    {
        jwt = null!;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException e)
        {
            reason = "not a JWT: " + e.Message.Split('\n')[0];
            return false;
        }

        if (jwt.Alg != "HS256")
        {
            reason = $"algorithm '{jwt.Alg}' is not HS256";
            return false;
        }

        var signingInput = Encoding.ASCII.GetBytes(jwt.EncodedHeader + "." + jwt.EncodedPayload);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), signingInput);
        byte[] actual;
        try
        {
            actual = Base64Url.DecodeFromChars(jwt.EncodedSignature);
        }
        catch (FormatException)
        {
            reason = "the signature is not base64url";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            reason = "the signature does not match the access key";
            return false;
        }

        // Times compare as Unix seconds: a signed exp far past DateTime's range (say 1e15) must not overflow.
        var nowSeconds = now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (SecondsOf(jwt, "exp") is not { } expires)
        {
            reason = "it has no numeric exp claim";
            return false;
        }

        if (expires + skew < nowSeconds)
        {
            reason = $"it expired at Unix time {expires:0}";
            return false;
        }

        if (SecondsOf(jwt, "nbf") is { } notBefore && notBefore - skew > nowSeconds)
        {
            reason = $"it is not valid before Unix time {notBefore:0}";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>A NumericDate claim as seconds (an integer or a JSON number with a fraction or exponent), null when absent or not a finite number.</summary>
    private static double? SecondsOf(JsonWebToken jwt, string claim)
    {
        if (jwt.TryGetPayloadValue<long>(claim, out var whole))
        {
            return whole;
        }

        return jwt.TryGetPayloadValue<double>(claim, out var seconds) && double.IsFinite(seconds) ? seconds : null;
    }
}
