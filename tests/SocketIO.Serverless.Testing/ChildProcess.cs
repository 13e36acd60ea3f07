using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace SocketIO.Serverless.Testing;

/// <summary>
/// A child process whose output is captured line by line, that a test can wait on for a condition (a line
/// that says it is ready), and that is killed with its whole tree on dispose, so no test leaks a process.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private int _disposed;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public Task<int> Exited => _exited.Task;

    /// <summary>
    /// The arguments that make <c>env</c> start <paramref name="command"/> with SIGINT at its default disposition, for a
    /// test that stops it with SIGINT (Ctrl+C). A process started with SIGINT ignored (anything a non-interactive shell
    /// starts with <c>&amp;</c>, and all it starts, including a reused MSBuild node running the tests) keeps ignoring
    /// it, .NET included, so without this such a test would pass or fail by how the test run was launched.
    /// </summary>
    public static string[] WithDefaultInterrupt(params string[] command) => ["--default-signal=INT", .. command];

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Writes one line to the process's standard input (a command to a test script).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until a line of output matches, failing with the output so far if the process exits or the time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (match(line.TrimEnd('\r')))
                {
                    return line;
                }
            }

            _waiters.Add((match, done));
        }

        var finished = await Task.WhenAny(done.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished == done.Task)
        {
            return await done.Task.ConfigureAwait(false);
        }

        var why = finished == _exited.Task ? $"exited with code {_exited.Task.Result}" : $"did not print the awaited line within {timeout}";
        throw new TimeoutException($"Process {_process.StartInfo.FileName} {why}. Output:\n{Output}");
    }

    /// <summary>Waits for the process to exit, killing it (and failing) if it outlives the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != _exited.Task)
        {
            Kill();
            throw new TimeoutException($"Process {_process.StartInfo.FileName} still running after {timeout}; killed. Output:\n{Output}");
        }

        // The Exited event can fire before the last output lines are drained.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _exited.Task.Result;
    }

    /// <summary>Sends SIGTERM-like termination is not portable in .NET; this kills the whole tree.</summary>
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
            // Already gone.
        }
    }

    /// <summary>
    /// Stops the process as a terminal or an orchestrator does (SIGTERM), so that a script's traps stop what it started
    /// and remove its files, then disposes it; a process still running after <paramref name="grace"/> is killed with its tree.
    /// </summary>
    public async ValueTask StopAsync(TimeSpan grace)
    {
        if (Volatile.Read(ref _disposed) == 0 && !_process.HasExited)
        {
            using var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await terminate.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the process tree and waits for it; a second call does nothing (a test may end its clients early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing more can be done; the OS reaps it.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _output.Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(line);
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

        _exited.TrySetResult(code);
    }
}
