namespace SocketIO.Serverless.Functions;

/// <summary>
/// An incoming request that is not a valid Socket.IO upstream request: a missing header, a body that does not
/// parse, or a bad <c>ce-signature</c>. <see cref="StatusCode"/> is what the SDK answers (400 or 401).
/// </summary>
public sealed class SocketIORequestException : Exception
{
    public SocketIORequestException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public SocketIORequestException()
        : this("Invalid Socket.IO request.", 400)
    {
    }

    public SocketIORequestException(string message)
        : this(message, 400)
    {
    }

    public SocketIORequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>The HTTP status the SDK answers with: 400 for a malformed request, 401 for a bad signature.</summary>
    public int StatusCode { get; }
}
