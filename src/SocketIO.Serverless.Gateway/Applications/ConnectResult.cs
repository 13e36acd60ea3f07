using System.Text.Json;

namespace SocketIO.Serverless.Gateway.Applications;

/// <summary>The application's answer to a connect: accept, or reject with what the client's <c>connect_error</c> shows.</summary>
public sealed record ConnectResult
{
    private ConnectResult(bool accepted, string? message, JsonElement? data)
    {
        Accepted = accepted;
        Message = message;
        Data = data;
    }

    public static ConnectResult Accept { get; } = new(true, null, null);

    public bool Accepted { get; }

    /// <summary>The error message the client sees (<c>err.message</c>) when rejected.</summary>
    public string? Message { get; }

    /// <summary>Extra details the client sees (<c>err.data</c>) when rejected.</summary>
    public JsonElement? Data { get; }

    public static ConnectResult Reject(string message, JsonElement? data = null) => new(false, message, data);
}
