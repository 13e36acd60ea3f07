using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.FunctionsHost.TestApp;

/// <summary>HTTP triggers in the ASP.NET Core integration style: HttpRequest in, IActionResult out.</summary>
public sealed class Functions(IGreeter greeter)
{
    [Function("Hello")]
    public IActionResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequest request, string name)
        => new OkObjectResult(greeter.Greet(name));

    [Function("Echo")]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var query = request.Query["tag"].ToString();
        return new ContentResult
        {
            StatusCode = StatusCodes.Status201Created,
            ContentType = request.ContentType ?? "text/plain",
            Content = $"{request.Method} {query} {body}",
        };
    }

    [Function("NoContent")]
    public IActionResult NoContent([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "items/{id}")] HttpRequest request, string id)
        => new NoContentResult();

    [Function("Secured")]
    public IActionResult Secured([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequest request)
        => new OkObjectResult("secured");

    [Function("Throws")]
    public IActionResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request)
        => throw new InvalidOperationException("This function always fails.");

    [Function("Slow")]
    public async Task<IActionResult> Slow([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow/{milliseconds:int}")] HttpRequest request, int milliseconds, FunctionContext context, CancellationToken cancellationToken)
    {
        // Tests wait for this line to know the invocation is running in the worker.
        context.GetLogger("Slow").LogInformation("Slow invocation {InvocationId} started", context.InvocationId);
        await Task.Delay(milliseconds, cancellationToken);
        return new OkObjectResult($"slept {milliseconds}");
    }

    [Function("ProcessId")]
    public IActionResult ProcessId([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequest request)
        => new OkObjectResult(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Function("Setting")]
    public IActionResult Setting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "setting/{name}")] HttpRequest request, string name)
        => new OkObjectResult(Environment.GetEnvironmentVariable(name) ?? "(not set)");

    [Function("Mark")]
    public IActionResult Mark([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mark/{text}")] HttpRequest request, string text, FunctionContext context)
    {
        // Tests wait for this line: the worker's logs reach the host in order, so earlier logs have arrived too.
        context.GetLogger("Mark").LogInformation("Mark {Text}", text);
        return new OkResult();
    }

    [Function("Work")]
    public IActionResult Work([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "work/{id}")] HttpRequest request, string id)
        => new OkObjectResult(new { id, work = SharedWork.Compute(id) });
}
