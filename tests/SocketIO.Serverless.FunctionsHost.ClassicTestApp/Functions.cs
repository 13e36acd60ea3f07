using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.FunctionsHost.ClassicTestApp;

/// <summary>HTTP triggers in the classic style: HttpRequestData in, HttpResponseData out.</summary>
public sealed class Functions(IGreeter greeter)
{
    [Function("Hello")]
    public async Task<HttpResponseData> Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequestData request, string name)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        await response.WriteStringAsync(greeter.Greet(name));
        return response;
    }

    [Function("Echo")]
    public async Task<HttpResponseData> Echo([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData request)
    {
        var body = await request.ReadAsStringAsync() ?? string.Empty;
        var tag = System.Web.HttpUtility.ParseQueryString(request.Url.Query)["tag"];
        var response = request.CreateResponse(HttpStatusCode.Accepted);
        response.Headers.Add("Content-Type", "text/plain; charset=utf-8");
        response.Headers.Add("x-request-header", request.Headers.TryGetValues("x-test", out var values) ? string.Join(",", values) : "none");
        response.Cookies.Append("flavour", "oat");
        await response.WriteStringAsync($"{request.Method} {tag} {body}");
        return response;
    }

    [Function("NoContent")]
    public HttpResponseData NoContent([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "items/{id}")] HttpRequestData request, string id)
        => request.CreateResponse(HttpStatusCode.NoContent);

    [Function("Throws")]
    public HttpResponseData Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
        => throw new InvalidOperationException("This classic function always fails.");
}
