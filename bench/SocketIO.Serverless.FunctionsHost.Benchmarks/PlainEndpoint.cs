using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.TestApp;

namespace SocketIO.Serverless.FunctionsHost.Benchmarks;

/// <summary>The baseline: the test app's Work function as a plain minimal-API endpoint in its own process.</summary>
public static class PlainEndpoint
{
    public const string ServeSwitch = "--serve-plain";
    public const string ReadyLine = "Plain endpoint ready";

    public static async Task ServeAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapMethods("/api/work/{id}", ["GET", "POST"], (string id) => Results.Ok(new WorkResult(id, SharedWork.Compute(id))));
        await app.StartAsync();
        Console.WriteLine(ReadyLine);
        await app.WaitForShutdownAsync();
    }

    public sealed record WorkResult(string Id, int Work);
}
