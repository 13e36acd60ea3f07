using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SocketIO.Serverless.FunctionsHost.ClassicTestApp;

/// <summary>A worker middleware that changes every HTTP response after the function ran, as classic-mode middleware does.</summary>
public sealed class StampResponseMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        await next(context);
        var response = context.GetHttpResponseData();
        response?.Headers.Add("x-middleware", context.FunctionDefinition.Name);
    }
}
