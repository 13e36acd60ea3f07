using System.Text.Json;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// An error answer in Web PubSub's shape: JSON <c>{"code","message"}</c> and the <c>x-ms-error-code</c> header, so
/// the official SDKs surface the message. HEAD answers carry no body.
/// </summary>
internal sealed class ManagementError(int status, string code, string message) : IResult
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string Message { get; } = message;

    public static ManagementError BadRequest(string message) => new(StatusCodes.Status400BadRequest, "InvalidRequest", message);

    public static ManagementError NotFound(string message) => new(StatusCodes.Status404NotFound, "NotFound", message);

    /// <summary>Rooms storage could not take a membership change (nothing changed): the caller may retry.</summary>
    public static ManagementError ServiceUnavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", message);

    public static ManagementError Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, "Unauthorized", message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.Headers["x-ms-error-code"] = Code;
        if (Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, new ErrorBody(Code, Message), cancellationToken: httpContext.RequestAborted).ConfigureAwait(false);
    }

    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);
}

/// <summary>A client mistake found while reading a request: becomes a <see cref="ManagementError"/>, never a 500.</summary>
internal sealed class ManagementRequestException(ManagementError error) : Exception(error.Message)
{
    public ManagementError Error { get; } = error;
}
