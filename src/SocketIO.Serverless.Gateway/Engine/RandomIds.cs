using System.Buffers.Text;
using System.Security.Cryptography;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Engine.IO session ids and Socket.IO socket ids: 120 random bits from the OS's CSPRNG, base64url (20 URL-safe
/// characters), as unguessable as the reference's, so nobody can guess another's.
/// </summary>
internal static class RandomIds
{
    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
