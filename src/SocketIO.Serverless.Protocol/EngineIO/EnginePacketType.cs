namespace SocketIO.Serverless.Protocol.EngineIO;

/// <summary>Engine.IO v4 packet types; the value is the digit that starts a packet's text form.</summary>
public enum EnginePacketType : byte
{
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
}
