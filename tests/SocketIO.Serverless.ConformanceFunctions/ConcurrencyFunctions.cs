using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ConformanceFunctions;

/// <summary>Events for the end-to-end tests of per-socket concurrency (SocketIO:MaxConcurrentEventsPerSocket).</summary>
public sealed class ConcurrencyFunctions
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);

    // socket.on("ask-client", async (question, ack) => ack(await socket.timeout(20000).emitWithAck("question", question))):
    // a function that waits for its own client.
    [Function("ask_client")]
    public async Task<IActionResult> AskClient([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/ask-client")] HttpRequest req, SocketIOEvent ev, FunctionContext context)
    {
        var answer = await ev.Socket.EmitWithAckAsync<string>(AnswerTimeout, "question", ev.Arg<string>(0));
        return ev.Ack(answer);
    }
}
