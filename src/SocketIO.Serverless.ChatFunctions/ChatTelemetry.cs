using SocketIO.Serverless.ServiceDefaults;

namespace SocketIO.Serverless.ChatFunctions;

/// <summary>What the chat app's worker exports: the SDK's meter; the worker's own invocation spans come from UseFunctionsWorkerDefaults.</summary>
internal static class ChatTelemetry
{
    public static readonly ServiceTelemetry Sources = new(["SocketIO.Serverless.Functions"], ["SocketIO.Serverless.Functions"]);
}
