namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// A cross-gateway operation could not reach the other gateways (Redis unreachable). What this gateway could do
/// alone it did (local deliveries), and the message says so. The management API answers it with 503.
/// </summary>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ClusterUnavailableException()
        : this("The other gateways cannot be reached (Redis is unavailable).", null)
    {
    }

    public ClusterUnavailableException(string message)
        : this(message, null)
    {
    }
}

/// <summary>Some gateways did not answer a cross-gateway operation in time. The management API answers it with 504.</summary>
public sealed class ClusterTimeoutException : TimeoutException
{
    public ClusterTimeoutException(string message)
        : base(message)
    {
    }

    public ClusterTimeoutException()
        : this("The other gateways did not answer in time.")
    {
    }

    public ClusterTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
