using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ConformanceFunctions;

/// <summary>Events for the end-to-end fault tests (not part of the protocol suite's server).</summary>
public sealed partial class FaultFunctions(ILogger<FaultFunctions> logger)
{
    // A disconnect handler that takes its time (cleanup elsewhere): the gateway must still deliver it when it
    // shuts down, however its sockets ended.
    [Function("disconnected")]
    public async Task<IActionResult> Disconnected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/disconnected")] HttpRequest req, SocketIODisconnectedRequest disconnected)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        LogDisconnected(logger, disconnected.SocketId, disconnected.Reason);
        return disconnected.Done();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "conformance disconnected {SocketId}: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string socketId, string reason);

    // socket.on("slow", async (ms, ack) => { socket.emit("slow-started"); await sleep(ms); ack("slow done"); }): outlives a short Upstream:Timeout.
    [Function("slow")]
    public async Task<IActionResult> Slow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/slow")] HttpRequest req, SocketIOEvent ev, FunctionContext context)
    {
        // Tells the client it is running, so a test can leave while it is in flight.
        await ev.Socket.EmitAsync("slow-started");
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(ev.Arg<int>(0), 0, 60_000)), context.CancellationToken);
        return ev.Ack("slow done");
    }
}
