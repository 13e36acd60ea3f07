using System.Security.Cryptography;
using System.Text;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class UpstreamSignatureTests
{
    [Fact]
    public void Is_the_hex_hmac_of_the_connection_id()
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("key"), Encoding.UTF8.GetBytes("conn1")));
        Assert.Equal(expected, UpstreamSignature.Compute("key", "conn1"));
        // A published HMAC-SHA256 test value (RFC 4231 style inputs are binary; this one is widely quoted).
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            UpstreamSignature.Compute("key", "The quick brown fox jumps over the lazy dog"));
    }

    [Fact]
    public void Validates_any_entry_against_any_key()
    {
        var header = UpstreamSignature.Header("conn1", "primary", "secondary");
        Assert.Contains(',', header);
        Assert.True(UpstreamSignature.IsValid(header, "conn1", "secondary"));
        Assert.True(UpstreamSignature.IsValid(UpstreamSignature.Compute("primary", "conn1").ToUpperInvariant().Replace("SHA256", "sha256", StringComparison.Ordinal), "conn1", "primary"));
        Assert.False(UpstreamSignature.IsValid(header, "conn2", "primary"));
        Assert.False(UpstreamSignature.IsValid(header, "conn1", "other"));
        Assert.False(UpstreamSignature.IsValid(null, "conn1", "primary"));
        Assert.False(UpstreamSignature.IsValid("sha256=00", "conn1", "primary"));
    }
}
