namespace SocketIO.Serverless.FunctionsHost.Rpc;

/// <summary>The worker went away (exited, crashed, closed its stream) while something waited on it: answered 503.</summary>
public sealed class WorkerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
