namespace SocketIO.Serverless.FunctionsHost.Rpc;

/// <summary>An exception the worker reported (<see cref="RpcException"/>), carrying the worker's own type and stack trace into host logs.</summary>
public sealed class WorkerException(RpcException exception) : Exception(exception.Message)
{
    public string? WorkerType { get; } = string.IsNullOrEmpty(exception.Type) ? null : exception.Type;

    public override string? StackTrace { get; } = exception.StackTrace;

    public override string ToString()
        => $"{WorkerType ?? "Exception"}: {Message}{Environment.NewLine}{StackTrace}";
}
