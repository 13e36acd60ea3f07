using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// One upstream request to make: what the CloudEvents headers describe. <paramref name="ConnectionState"/> and
/// <paramref name="UserId"/> are snapshots taken when the call was decided, so a background notification sends
/// the state the socket had then.
/// </summary>
internal sealed record UpstreamCall(
    string EventType,
    string EventName,
    SocketContext Socket,
    string Hub,
    Uri Url,
    string? ConnectionState,
    string? UserId);

internal enum UpstreamFailure
{
    None,

    /// <summary>The function answered with a failure status (5xx, or any non-success where success was required).</summary>
    Status,
    Timeout,
    Unreachable,
    InvalidResponse,

    /// <summary>The caller gave up (the socket went away): not the function's fault, not counted.</summary>
    Cancelled,
}

/// <summary>What came back: a status and body, or why nothing usable did.</summary>
internal sealed record UpstreamResult(UpstreamFailure Failure, int Status, string Body, string? ConnectionState, string? Detail, Exception? Exception)
{
    public bool IsSuccessStatus => Failure == UpstreamFailure.None && Status is >= 200 and < 300;

    public static UpstreamResult Failed(UpstreamFailure failure, string detail, Exception? exception = null) => new(failure, 0, string.Empty, null, detail, exception);

    public static string FailureName(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Status => "status",
        UpstreamFailure.Timeout => "timeout",
        UpstreamFailure.Unreachable => "unreachable",
        UpstreamFailure.InvalidResponse => "invalid_response",
        UpstreamFailure.Cancelled => "cancelled",
        _ => "none",
    };
}
