using System.ComponentModel.DataAnnotations;

namespace SocketIO.Serverless.FunctionsHost;

/// <summary>Settings of the local Functions host, bound from the <c>FunctionsHost</c> configuration section.</summary>
public sealed class FunctionsHostOptions
{
    public const string SectionName = "FunctionsHost";

    /// <summary>The function app: its build output folder (holding worker.config.json) or its project folder.</summary>
    [Required(ErrorMessage = "Tell the host which function app to run: --app <build output or project folder>.")]
    public string? AppPath { get; set; }

    /// <summary>The HTTP port, like <c>func start --port</c>. 0 picks a free port (on 127.0.0.1).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7071;

    /// <summary>Overrides host.json's <c>functionTimeout</c>; an invocation running longer is cancelled and answered 504.</summary>
    public TimeSpan? FunctionTimeout { get; set; }

    /// <summary>How long a worker may take from process start until every function is loaded.</summary>
    public TimeSpan WorkerStartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request waits for a (re)starting worker before it is answered 503.</summary>
    public TimeSpan ReadyWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Worker starts in a row that may fail (exit or time out before ready) before the host gives up and stops.</summary>
    [Range(1, 1000)]
    public int MaxConsecutiveStartFailures { get; set; } = 5;

    /// <summary>The first delay before restarting a worker that failed to start; it doubles per failure in a row.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker gets to exit after WorkerTerminate before it is killed.</summary>
    public TimeSpan WorkerShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// In ASP.NET Core integration mode, the part of a forwarded response held back until the worker reports how
    /// the invocation went (so a failed invocation becomes a 500, not the worker's empty 200). Larger bodies are
    /// streamed once this much is buffered.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxHeldResponseBytes { get; set; } = 1024 * 1024;
}
