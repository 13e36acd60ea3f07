using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// What the SDK's middleware needs from an invocation. The worker's <see cref="FunctionContext"/> keeps its
/// bindings behind internal features, so the middleware logic runs against this seam (unit-tested with a fake,
/// and with the real worker end to end).
/// </summary>
internal interface ISocketIOInvocation
{
    string FunctionName { get; }

    bool IsHttpTriggered { get; }

    /// <summary>The Socket.IO request, null when the request is not an upstream one; throws <see cref="SocketIORequestException"/> when malformed.</summary>
    Task<SocketIORequest?> ReadRequestAsync();

    /// <summary>Makes <paramref name="result"/> the invocation's HTTP answer.</summary>
    Task AnswerAsync(SocketIOResult result);

    /// <summary>The function's return value once it ran.</summary>
    object? ReturnValue { get; }

    /// <summary>Whether the app uses ASP.NET Core integration (an <c>IActionResult</c> is written by the worker itself).</summary>
    bool IsAspNetCore { get; }

    /// <summary>The function's route template, null when unknown.</summary>
    string? Route { get; }

    /// <summary>The decoded segments of the request's path, null when there is no HTTP request.</summary>
    Task<IReadOnlyList<string>?> ReadPathSegmentsAsync();
}

internal sealed class FunctionContextInvocation(FunctionContext context) : ISocketIOInvocation
{
    public string FunctionName => context.FunctionDefinition.Name;

    public bool IsHttpTriggered => FunctionContextSocketIOExtensions.IsHttpTriggered(context);

    public object? ReturnValue => context.GetInvocationResult().Value;

    public bool IsAspNetCore => context.GetHttpContext() is not null;

    public string? Route => FunctionRoute.Of(context.FunctionDefinition);

    public async Task<IReadOnlyList<string>?> ReadPathSegmentsAsync()
    {
        if (context.GetHttpContext() is { } http)
        {
            // The raw target keeps the escapes as sent, so each segment is decoded exactly once.
            var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var path = string.IsNullOrEmpty(raw) || raw[0] != '/' ? (http.Request.PathBase + http.Request.Path).ToUriComponent() : raw.Split('?', 2)[0];
            return FunctionRoute.SegmentsOf(path);
        }

        return await context.GetHttpRequestDataAsync().ConfigureAwait(false) is { } request ? FunctionRoute.SegmentsOf(request.Url.AbsolutePath) : null;
    }

    public Task<SocketIORequest?> ReadRequestAsync() => context.GetSocketIORequestAsync();

    public Task AnswerAsync(SocketIOResult result) => context.SetSocketIOResultAsync(result);
}
