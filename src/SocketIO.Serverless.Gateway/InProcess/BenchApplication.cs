using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>
/// The benchmark's application (scripts/bench-server inprocess, docs/benchmarks.md), the same as its Node reference
/// and its function app, namespace "/": <c>echo</c> acks its own arguments; <c>broadcast</c> emits <c>bcast</c> with
/// its first argument to every socket of "/"; <c>bench:stats</c> acks <c>{rss, heapUsed}</c> in bytes after a full
/// garbage collection.
/// </summary>
public static class BenchApplication
{
    public static void Configure(InProcessApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnConnection("/", socket =>
        {
            socket.On("echo", e => e.AckWithArguments());
            socket.On("broadcast", async e => await new InProcessBroadcastOperator(socket.Server, socket.Namespace).EmitAsync("bcast", e.Count > 0 ? (object?)e.Arguments[0] : null).ConfigureAwait(false));
            socket.On("bench:stats", e => e.Ack(Stats()));
        });
    }

    /// <summary>Memory after a full, compacting collection, named as Node's <c>process.memoryUsage()</c> names it.</summary>
    internal static object Stats()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new { rss = Environment.WorkingSet, heapUsed = GC.GetTotalMemory(forceFullCollection: false) };
    }
}
