using Microsoft.Extensions.Options;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ChatFunctions;

/// <summary>
/// The seed's authentication middleware for <c>/admin</c>:
/// <c>io.use((socket, next) => isValidToken(socket.handshake.auth.token) ? next() : next(new Error('未授权')))</c>.
/// </summary>
public sealed class AdminAuthMiddleware(IOptionsMonitor<AdminOptions> options) : SocketIOConnectMiddleware(AdminFunctions.Namespace)
{
    public const string Unauthorized = "未授权";

    protected override ValueTask<SocketIOResult?> OnConnectAsync(SocketIOConnectRequest socket)
    {
        var user = options.CurrentValue.UserOf(socket.Handshake.AuthString("token"));
        return ValueTask.FromResult(user is null ? socket.Reject(Unauthorized) : null);
    }
}
