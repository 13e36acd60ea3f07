namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The reference server's error codes, sent as <c>{"code":N,"message":"..."}</c> with HTTP 400 (403 for Forbidden).</summary>
public enum EngineErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}

internal static class EngineErrorMessages
{
    public static string For(EngineErrorCode code) => code switch
    {
        EngineErrorCode.UnknownTransport => "Transport unknown",
        EngineErrorCode.UnknownSid => "Session ID unknown",
        EngineErrorCode.BadHandshakeMethod => "Bad handshake method",
        EngineErrorCode.BadRequest => "Bad request",
        EngineErrorCode.Forbidden => "Forbidden",
        EngineErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => "Bad request",
    };
}
