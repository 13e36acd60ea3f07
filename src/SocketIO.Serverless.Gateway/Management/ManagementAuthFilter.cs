using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Adapters.Redis;
using SocketIO.Serverless.Gateway.Upstream;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Authenticates a management call as Web PubSub does: <c>Authorization: Bearer</c> HS256 JWT signed with the access
/// key, not expired, whose <c>aud</c> is the URL of this very request (so a token cannot be replayed elsewhere).
/// Also turns a <see cref="ManagementRequestException"/> from a handler into its error answer, and a
/// <see cref="RoomsUnavailableException"/> (rooms storage down) or <see cref="ClusterUnavailableException"/> (Redis
/// down) into 503, and a <see cref="ClusterTimeoutException"/> (other gateways silent) into 504.
/// </summary>
internal sealed class ManagementAuthFilter(IOptionsMonitor<UpstreamOptions> options, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Authenticate(http.Request) is { } failure)
        {
            return ManagementError.Unauthorized(failure);
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (ManagementRequestException e)
        {
            return e.Error;
        }
        catch (RoomsUnavailableException e)
        {
            return ManagementError.ServiceUnavailable(e.Message);
        }
        catch (ClusterUnavailableException e)
        {
            return ManagementError.ServiceUnavailable(e.Message);
        }
        catch (ClusterTimeoutException e)
        {
            return new ManagementError(StatusCodes.Status504GatewayTimeout, "Timeout", e.Message);
        }
    }

    /// <summary>Null when the request is authenticated, else why not.</summary>
    private string? Authenticate(HttpRequest request)
    {
        var accessKey = options.CurrentValue.ResolveAccessKey();
        if (string.IsNullOrEmpty(accessKey))
        {
            return "The gateway has no access key configured (Upstream:ConnectionString or Upstream:AccessKey).";
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "An 'Authorization: Bearer <token>' header is required.";
        }

        if (!ClientTokenReader.TryVerify(header["Bearer ".Length..].Trim(), accessKey, time.GetUtcNow(), out var jwt, out var reason))
        {
            return $"The bearer token is not valid: {reason}.";
        }

        return AudienceMatches(jwt, request) ? null : $"The token's audience is not this request's URL ({RequestUrl(request)}).";
    }

    private static bool AudienceMatches(JsonWebToken jwt, HttpRequest request)
    {
        var target = RawTarget(request);
        foreach (var audience in jwt.Audiences)
        {
            if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri))
            {
                continue;
            }

            // The scheme is not compared: TLS is often terminated before the gateway. Host and path+query must match.
            var sameHost = string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
                && (request.Host.Port is null || uri.Port == request.Host.Port || !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase));
            if (sameHost && string.Equals(Uri.UnescapeDataString(uri.PathAndQuery), Uri.UnescapeDataString(target), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request target as the client sent it (before the server decoded it), so signing and checking agree.</summary>
    internal static string RawTarget(HttpRequest request) =>
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw.StartsWith('/')
            ? raw
            : request.PathBase + request.Path + request.QueryString;

    internal static string RequestUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{RawTarget(request)}";
}
