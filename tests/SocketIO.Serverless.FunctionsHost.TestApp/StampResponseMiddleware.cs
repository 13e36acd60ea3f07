using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SocketIO.Serverless.FunctionsHost.TestApp;

/// <summary>A worker middleware that changes every HTTP response, to prove the worker's middleware pipeline runs.</summary>
public sealed class StampResponseMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var httpContext = context.GetHttpContext();
        httpContext?.Response.OnStarting(() =>
        {
            httpContext.Response.Headers["x-middleware"] = context.FunctionDefinition.Name;
            return Task.CompletedTask;
        });
        await next(context);
    }
}
