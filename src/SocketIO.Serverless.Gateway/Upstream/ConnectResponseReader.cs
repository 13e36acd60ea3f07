using System.Globalization;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Turns a connect function's answer into the client's accept or <c>connect_error</c>.</summary>
internal static class ConnectResponseReader
{
    public const string FailedMessage = "Server error: the connect handler failed";
    public const string TimeoutMessage = "Server error: the connect handler timed out";
    public const string UnreachableMessage = "Server error: the connect handler is unreachable";

    /// <summary>The result of a failure the function did not choose (timeout, crash, unreachable).</summary>
    public static ConnectResult ForFailure(UpstreamResult result) => result.Failure switch
    {
        UpstreamFailure.Timeout => ConnectResult.Reject(TimeoutMessage),
        UpstreamFailure.Unreachable => ConnectResult.Reject(UnreachableMessage),
        UpstreamFailure.Status => ConnectResult.Reject(FailedMessage, StatusData(result.Status)),
        _ => ConnectResult.Reject(FailedMessage),
    };

    /// <summary>A deliberate rejection (a 4xx): the body's <c>{message, data}</c> when it has one.</summary>
    public static ConnectResult ForRejection(UpstreamResult result)
    {
        var error = TryParse<ConnectErrorResponse>(result.Body);
        var message = string.IsNullOrEmpty(error?.Message)
            ? string.Create(CultureInfo.InvariantCulture, $"Connection rejected by the server (HTTP {result.Status})")
            : error.Message;
        return ConnectResult.Reject(message, error?.Data is { ValueKind: not JsonValueKind.Undefined } data ? data : null);
    }

    /// <summary>The optional <c>userId</c> of a 2xx answer's JSON body.</summary>
    public static string? UserIdOf(UpstreamResult result) => TryParse<ConnectAcceptBody>(result.Body)?.UserId;

    private static JsonElement StatusData(int status) => JsonSerializer.SerializeToElement(new { status });

    private static T? TryParse<T>(string body)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class ConnectAcceptBody
    {
        [System.Text.Json.Serialization.JsonPropertyName("userId")]
        public string? UserId { get; set; }
    }
}
