using System.Buffers.Text;
using System.Security.Cryptography;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>Socket ids: 120 random bits from the OS's CSPRNG, URL-safe base64 (20 characters), so nobody can guess another's.</summary>
internal static class SocketIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
