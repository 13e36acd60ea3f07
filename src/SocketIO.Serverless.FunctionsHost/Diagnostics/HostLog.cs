using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.FunctionsHost.Diagnostics;

/// <summary>Every log message of the host, source-generated.</summary>
public static partial class HostLog
{
    [LoggerMessage(Message = "{Message}")]
    public static partial void WorkerLog(ILogger logger, LogLevel level, string message, Exception? exception);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void WorkerOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Starting worker {WorkerId}: {Command}")]
    public static partial void StartingWorker(ILogger logger, string workerId, string command);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Worker {WorkerId} (process {ProcessId}) loaded {Count} functions; HTTP mode: {Mode}")]
    public static partial void WorkerReady(ILogger logger, string workerId, int processId, int count, string mode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Worker {WorkerId} (process {ProcessId}) exited with code {ExitCode}; in-flight requests fail with 503 and a new worker starts")]
    public static partial void WorkerExited(ILogger logger, string workerId, int processId, int exitCode);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Worker start failed ({Failures} in a row)")]
    public static partial void WorkerStartFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "The worker failed to start {Failures} times in a row; the host stops")]
    public static partial void GivingUp(ILogger logger, int failures);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Function '{Function}' failed to load: {Reason}")]
    public static partial void FunctionLoadFailed(ILogger logger, string function, string reason, Exception? exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Executed 'Functions.{Function}' ({Outcome}, Id={InvocationId}, Duration={ElapsedMs}ms)")]
    public static partial void Executed(ILogger logger, string function, string outcome, string invocationId, long elapsedMs);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Executed 'Functions.{Function}' (Failed, Id={InvocationId})")]
    public static partial void ExecutionFailed(ILogger logger, string function, string invocationId, Exception? exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Timeout value of {Timeout} exceeded by function 'Functions.{Function}' (Id: '{InvocationId}'). Initiating cancellation.")]
    public static partial void InvocationTimedOut(ILogger logger, TimeSpan timeout, string function, string invocationId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Invocation {InvocationId} of 'Functions.{Function}' lost its worker: {Reason}")]
    public static partial void WorkerLost(ILogger logger, string invocationId, string function, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "A response came for invocation {InvocationId}, which no longer waits for it")]
    public static partial void LateInvocationResponse(ILogger logger, string invocationId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Unexpected {Message} from worker {WorkerId}; ignored")]
    public static partial void UnexpectedWorkerMessage(ILogger logger, string message, string workerId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "A worker with unknown id '{WorkerId}' opened a stream; refused")]
    public static partial void UnknownWorker(ILogger logger, string workerId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Invocation {InvocationId} of 'Functions.{Function}' failed after its response started streaming; the connection is aborted")]
    public static partial void FailedAfterStreaming(ILogger logger, string invocationId, string function, Exception? exception);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Worker {WorkerId} did not exit within {Grace} of WorkerTerminate; killed")]
    public static partial void WorkerKilled(ILogger logger, string workerId, TimeSpan grace);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Forwarding invocation {InvocationId} of 'Functions.{Function}' to the worker's HTTP endpoint failed: {Reason}")]
    public static partial void ForwardFailed(ILogger logger, string invocationId, string function, string reason);

    // Core Tools' own wording, so people who know func recognise it.
    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "Skipping '{Name}' from local settings as it's already defined in current environment variables.")]
    public static partial void LocalSettingSkipped(ILogger logger, string name);
}
