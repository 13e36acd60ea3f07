namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>Socket.IO v5 packet types; the value is the digit that starts the packet's text.</summary>
public enum SocketPacketType : byte
{
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
}
