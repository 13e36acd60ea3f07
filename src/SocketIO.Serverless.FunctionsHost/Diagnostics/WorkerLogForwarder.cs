using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Diagnostics;

/// <summary>Writes the worker's RpcLog messages to host loggers named after the worker's categories (e.g. Function.Hello.User).</summary>
public sealed class WorkerLogForwarder(ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public void Forward(RpcLog log)
    {
        var category = string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category;
        var logger = _loggers.GetOrAdd(category, static (name, factory) => factory.CreateLogger(name), loggerFactory);
        var level = ToLogLevel(log.Level);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var exception = log.Exception is null ? null : new WorkerException(log.Exception);
        HostLog.WorkerLog(logger, level, log.Message, exception);
    }

    public static LogLevel ToLogLevel(RpcLog.Types.Level level) => level switch
    {
        RpcLog.Types.Level.Trace => LogLevel.Trace,
        RpcLog.Types.Level.Debug => LogLevel.Debug,
        RpcLog.Types.Level.Information => LogLevel.Information,
        RpcLog.Types.Level.Warning => LogLevel.Warning,
        RpcLog.Types.Level.Error => LogLevel.Error,
        RpcLog.Types.Level.Critical => LogLevel.Critical,
        _ => LogLevel.None,
    };
}
