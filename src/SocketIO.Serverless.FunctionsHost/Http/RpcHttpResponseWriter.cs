using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>Turns a function's HTTP output (RpcHttp, or a plain value) into the HTTP response, as the Functions host does.</summary>
public static class RpcHttpResponseWriter
{
    /// <summary>The HTTP output of an invocation: the return value, or the output binding of type http.</summary>
    public static TypedData? FindOutput(HttpFunction function, InvocationResponse response)
    {
        if (function.HttpOutputBinding is null or HttpFunction.ReturnBindingName)
        {
            return response.ReturnValue;
        }

        return response.OutputData.FirstOrDefault(b => b.Name == function.HttpOutputBinding)?.Data ?? response.ReturnValue;
    }

    public static async Task WriteAsync(HttpResponse response, TypedData? output, CancellationToken cancellationToken)
    {
        if (output is null || output.DataCase == TypedData.DataOneofCase.None)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (output.DataCase != TypedData.DataOneofCase.Http)
        {
            response.StatusCode = StatusCodes.Status200OK;
            await WriteBodyAsync(response, output, cancellationToken).ConfigureAwait(false);
            return;
        }

        var http = output.Http;
        response.StatusCode = string.IsNullOrEmpty(http.StatusCode)
            ? StatusCodes.Status200OK
            : int.TryParse(http.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : StatusCodes.Status500InternalServerError;
        foreach (var (name, value) in http.Headers)
        {
            if (!HopByHopHeaders.Contains(name) && !string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.Append(name, value);
            }
        }

        foreach (var cookie in http.Cookies)
        {
            response.Headers.Append(HeaderNames.SetCookie, ToSetCookie(cookie));
        }

        if (http.Body is not null)
        {
            await WriteBodyAsync(response, http.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteBodyAsync(HttpResponse response, TypedData body, CancellationToken cancellationToken)
    {
        if (!ResponseBodies.Allowed(response))
        {
            // The worker sends an empty body even for a 204; writing it (even zero bytes) makes Kestrel log an error.
            return;
        }

        ReadOnlyMemory<byte> bytes;
        switch (body.DataCase)
        {
            case TypedData.DataOneofCase.Bytes:
                bytes = body.Bytes.Memory;
                break;
            case TypedData.DataOneofCase.Stream:
                bytes = body.Stream.Memory;
                break;
            case TypedData.DataOneofCase.String:
                response.ContentType ??= "text/plain; charset=utf-8";
                bytes = Encoding.UTF8.GetBytes(body.String);
                break;
            case TypedData.DataOneofCase.Json:
                response.ContentType ??= "application/json; charset=utf-8";
                bytes = Encoding.UTF8.GetBytes(body.Json);
                break;
            case TypedData.DataOneofCase.Int:
                bytes = Encoding.UTF8.GetBytes(body.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case TypedData.DataOneofCase.Double:
                bytes = Encoding.UTF8.GetBytes(body.Double.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                return;
        }

        response.ContentLength = bytes.Length;
        if (!bytes.IsEmpty)
        {
            await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ToSetCookie(RpcHttpCookie cookie)
    {
        var header = new SetCookieHeaderValue(cookie.Name, cookie.Value)
        {
            Domain = cookie.Domain?.Value,
            Path = cookie.Path?.Value,
            Secure = cookie.Secure?.Value ?? false,
            HttpOnly = cookie.HttpOnly?.Value ?? false,
            SameSite = cookie.SameSite switch
            {
                RpcHttpCookie.Types.SameSite.Lax => Microsoft.Net.Http.Headers.SameSiteMode.Lax,
                RpcHttpCookie.Types.SameSite.Strict => Microsoft.Net.Http.Headers.SameSiteMode.Strict,
                RpcHttpCookie.Types.SameSite.ExplicitNone => Microsoft.Net.Http.Headers.SameSiteMode.None,
                _ => Microsoft.Net.Http.Headers.SameSiteMode.Unspecified,
            },
        };
        if (cookie.Expires?.Value is { } expires)
        {
            header.Expires = expires.ToDateTimeOffset();
        }

        if (cookie.MaxAge is { } maxAge)
        {
            header.MaxAge = TimeSpan.FromSeconds(maxAge.Value);
        }

        return header.ToString();
    }
}
