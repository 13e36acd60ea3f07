namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>Why an Engine.IO packet or payload could not be decoded. The server closes the session with "parse error".</summary>
public enum EngineParseError
{
    None,

    /// <summary>A packet (or a payload record) with no characters at all.</summary>
    Empty,

    /// <summary>The first character is neither a packet type digit 0-6 nor the binary prefix <c>b</c>.</summary>
    UnknownType,

    /// <summary>A <c>b</c>-prefixed record whose rest is not valid base64.</summary>
    InvalidBase64,

    /// <summary>Bytes that should carry UTF-8 text do not.</summary>
    InvalidUtf8,
}
