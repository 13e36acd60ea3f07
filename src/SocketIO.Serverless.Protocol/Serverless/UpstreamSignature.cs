using System.Security.Cryptography;
using System.Text;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// The <c>ce-signature</c> header: <c>sha256=</c> + lowercase hex of HMAC-SHA256(accessKey, connectionId), keyed by
/// the UTF-8 bytes of the access key. Several keys (key rotation) give a comma-separated list; a request is valid
/// when any entry matches any key the receiver knows.
/// </summary>
public static class UpstreamSignature
{
    private const string Prefix = "sha256=";

    /// <summary>One signature entry, e.g. <c>sha256=7a1c...</c>.</summary>
    public static string Compute(string accessKey, string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentNullException.ThrowIfNull(connectionId);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(connectionId));
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>The header value for one or more access keys (primary first).</summary>
    public static string Header(string connectionId, params IEnumerable<string> accessKeys) =>
        string.Join(',', accessKeys.Select(key => Compute(key, connectionId)));

    /// <summary>Whether <paramref name="header"/> holds a signature of <paramref name="connectionId"/> by one of <paramref name="accessKeys"/>.</summary>
    public static bool IsValid(string? header, string connectionId, params IEnumerable<string> accessKeys)
    {
        if (string.IsNullOrWhiteSpace(header) || connectionId is null)
        {
            return false;
        }

        var expected = accessKeys.Where(key => !string.IsNullOrEmpty(key)).Select(key => Encoding.ASCII.GetBytes(Compute(key, connectionId))).ToList();
        foreach (var entry in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var actual = Encoding.ASCII.GetBytes(entry.ToLowerInvariant());
            if (expected.Any(candidate => CryptographicOperations.FixedTimeEquals(candidate, actual)))
            {
                return true;
            }
        }

        return false;
    }
}
