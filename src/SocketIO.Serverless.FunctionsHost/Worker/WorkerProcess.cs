using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.App;
using SocketIO.Serverless.FunctionsHost.Diagnostics;

namespace SocketIO.Serverless.FunctionsHost.Worker;

/// <summary>A running worker process: its output goes to the log, and it is killed with its tree when disposed.</summary>
public sealed class WorkerProcess : IDisposable
{
    // Settings of the host process that must not leak into the worker: they would rebind the worker's own Kestrel.
    private const string WorkerServiceNameVariable = "OTEL_SERVICE_NAME";

    private static readonly string[] HostOnlyVariables = ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"];

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _guard;

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id, kept from the start: it stays readable (for status and logs) after the process is disposed.</summary>
    public int Id { get; private set; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>local.settings.json Values not applied because the host's environment already sets them.</summary>
    public IReadOnlyList<string> SkippedLocalSettings { get; private init; } = [];

    public string CommandLine => $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    /// <summary>Starts the app's worker the way the Functions host does: worker.config.json's executable and arguments.</summary>
    public static WorkerProcess Start(FunctionApp app, string workerId, Uri grpcAddress, ILogger output)
    {
        var info = new ProcessStartInfo(ResolveExecutable(app.Worker.ExecutablePath))
        {
            WorkingDirectory = app.Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in app.Worker.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(app.Worker.WorkerPath);
        var requestId = Guid.NewGuid().ToString();
        var maxMessageLength = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        string[] protocol =
        [
            "--host", grpcAddress.Host, "--port", grpcAddress.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
            "--functions-uri", grpcAddress.ToString(), "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxMessageLength,
        ];
        foreach (var argument in protocol)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in HostOnlyVariables)
        {
            info.Environment.Remove(name);
        }

        var skipped = app.LocalSettings.ApplyTo(info.Environment);

        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        info.Environment["AzureWebJobsScriptRoot"] = app.Directory;
        // The worker inherits the host's OpenTelemetry service name (the AppHost sets it); its telemetry is told
        // apart as "<host>-worker", as Azure shows the host and the worker apart.
        if (Environment.GetEnvironmentVariable(WorkerServiceNameVariable) is { Length: > 0 } service && info.Environment[WorkerServiceNameVariable] == service)
        {
            info.Environment[WorkerServiceNameVariable] = service + "-worker";
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process) { SkippedLocalSettings = skipped };
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data, output);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data, output);
        process.Exited += (_, _) => worker.OnExited();
        process.Start();
        worker.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        worker._guard = StartGuard(process.Id);
        return worker;
    }

    /// <summary>
    /// The isolated worker keeps running when its host's gRPC stream ends, so a host that is killed (not stopped)
    /// would leave it behind. On Unix a tiny guard process reads a pipe from this host: when the host dies the
    /// kernel closes the pipe and the guard kills the worker. A normal shutdown kills the guard itself.
    /// </summary>
    private static Process? StartGuard(int workerId)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return null;
        }

        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("cat >/dev/null 2>&1; kill -9 \"$1\" 2>/dev/null");
        info.ArgumentList.Add("functions-worker-guard");
        info.ArgumentList.Add(workerId.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info);
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        StopGuard();
    }

    // "dotnet" means the muxer this host runs on when there is one, so a worker starts even without dotnet on PATH.
    private static string ResolveExecutable(string executable)
    {
        if (!string.Equals(executable, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return executable;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : executable;
    }

    private void OnLine(string? line, ILogger output)
    {
        if (!string.IsNullOrEmpty(line))
        {
            HostLog.WorkerOutput(output, line);
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        StopGuard();
        _exited.TrySetResult(code);
    }

    private void StopGuard()
    {
        var guard = Interlocked.Exchange(ref _guard, null);
        if (guard is null)
        {
            return;
        }

        try
        {
            guard.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        guard.Dispose();
    }
}
