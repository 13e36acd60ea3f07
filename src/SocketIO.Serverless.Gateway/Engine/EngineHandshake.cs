using System.Net;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The request that opened an Engine.IO session, as Socket.IO's <c>socket.handshake</c> describes it.</summary>
public sealed record EngineHandshake(
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Query,
    IPAddress? RemoteAddress,
    bool Secure,
    string Url,
    DateTimeOffset Time)
{
    /// <summary>The hub from the managed service's client path <c>/clients/socketio/hubs/{hub}/</c>, or null on <c>/socket.io/</c>.</summary>
    public string? Hub { get; init; }
}
