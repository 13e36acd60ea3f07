using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ConformanceFunctions;

/// <summary>Events for the end-to-end fault tests (not part of the protocol suite's server).</summary>
public sealed class FaultFunctions
{
    // socket.on("slow", async (ms, ack) => { await sleep(ms); ack("slow done"); }): outlives a short Upstream:Timeout.
    [Function("slow")]
    public async Task<IActionResult> Slow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/slow")] HttpRequest req, SocketIOEvent ev, FunctionContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(ev.Arg<int>(0), 0, 60_000)), context.CancellationToken);
        return ev.Ack("slow done");
    }
}
