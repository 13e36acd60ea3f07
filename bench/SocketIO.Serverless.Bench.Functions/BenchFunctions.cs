using System.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.Bench.Functions;

/// <summary>
/// The benchmark's application, serverless (docs/benchmarks.md). In Node it reads:
/// <code>
/// io.on("connection", socket => {
///   socket.on("echo", (...args) => args.pop()(...args.slice(0, -1)));
///   socket.on("broadcast", data => io.emit("bcast", data));
///   socket.on("bench:stats", ack => { gc(); const m = process.memoryUsage(); ack({ rss: m.rss, heapUsed: m.heapUsed }); });
/// });
/// </code>
/// Its connect function accepts every socket, as Node does without middleware: the gateway serves only namespaces
/// that have one (a namespace without it gets "Invalid namespace", docs/upstream.md).
/// </summary>
public sealed class BenchFunctions(SocketIOServer io)
{
    [Function("connect")]
    public IActionResult Connect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/connect")] HttpRequest req, SocketIOConnectRequest connect) =>
        connect.Accept();

    [Function("echo")]
    public IActionResult Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/echo")] HttpRequest req, SocketIOEvent ev)
    {
        var arguments = new object?[ev.ArgumentCount];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ev.Arguments[i];
        }

        return ev.Ack(arguments);
    }

    [Function("broadcast")]
    public async Task<IActionResult> Broadcast([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/broadcast")] HttpRequest req, SocketIOEvent ev)
    {
        await io.EmitAsync("bcast", ev.HasArg(0) ? ev.Arguments[0] : null);
        return ev.Done();
    }

    // The worker's memory: the gateway's is read from /proc by the load generator.
    [Function("bench_stats")]
    public IActionResult Stats([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/bench:stats")] HttpRequest req, SocketIOEvent ev)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return ev.Ack(new { rss = Environment.WorkingSet, heapUsed = GC.GetTotalMemory(forceFullCollection: false) });
    }
}
