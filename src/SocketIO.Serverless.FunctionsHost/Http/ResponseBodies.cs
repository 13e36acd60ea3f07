using Microsoft.AspNetCore.Http;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>Which responses may carry a body (RFC 9110 §6.4.1): Kestrel rejects any write to the others.</summary>
public static class ResponseBodies
{
    public static bool Allowed(HttpResponse response)
        => response.StatusCode is >= 200 and not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
            && !HttpMethods.IsHead(response.HttpContext.Request.Method);

    /// <summary>Removes a Content-Length copied from the worker where the status forbids one (204) or it is meaningless (304).</summary>
    public static void DropContentLengthOfNoContent(HttpResponse response)
    {
        if (response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            response.Headers.ContentLength = null;
        }
    }
}
