using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>CORS for the engine's endpoints from <see cref="EngineCorsOptions"/>, applied with ASP.NET Core's CORS service.</summary>
internal sealed class EngineCors
{
    private readonly ICorsService _service;
    private readonly CorsPolicy? _policy;

    public EngineCors(ICorsService service, EngineCorsOptions options)
    {
        _service = service;
        _policy = BuildPolicy(options);
    }

    /// <summary>Adds the CORS headers; true when the request was a preflight, now answered with 204.</summary>
    public bool Apply(HttpContext context)
    {
        if (_policy is null || !context.Request.Headers.ContainsKey("Origin"))
        {
            return false;
        }

        var result = _service.EvaluatePolicy(context, _policy);
        _service.ApplyResult(result, context.Response);
        if (result.IsPreflightRequest)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        return false;
    }

    private static CorsPolicy? BuildPolicy(EngineCorsOptions options)
    {
        if (options.Origins.Count == 0)
        {
            return null;
        }

        var builder = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod();
        if (options.Origins.Contains("*"))
        {
            // "*" cannot go with credentials in a browser: echo the caller's origin instead.
            if (options.Credentials)
            {
                builder.SetIsOriginAllowed(static _ => true).AllowCredentials();
            }
            else
            {
                builder.AllowAnyOrigin();
            }
        }
        else
        {
            builder.WithOrigins([.. options.Origins]);
            if (options.Credentials)
            {
                builder.AllowCredentials();
            }
        }

        return builder.Build();
    }
}
