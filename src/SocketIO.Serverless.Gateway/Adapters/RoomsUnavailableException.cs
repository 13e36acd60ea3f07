namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// A membership change could not be made durable (rooms storage unreachable, throttling past the retry budget):
/// nothing changed, in memory or in storage. The management API answers it with 503.
/// </summary>
public sealed class RoomsUnavailableException : Exception
{
    public RoomsUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public RoomsUnavailableException()
        : this("Rooms storage is unavailable.")
    {
    }

    public RoomsUnavailableException(string message)
        : this(message, null)
    {
    }
}
