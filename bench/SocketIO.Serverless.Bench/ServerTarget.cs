using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SocketIO.Serverless.Bench;

/// <summary>One server under test, started fresh and pinned to its core, stopped (with every child) at the end.</summary>
internal sealed class ServerTarget : IAsyncDisposable
{
    public static readonly string[] Names = ["node", "inprocess", "serverless", ServerlessTargets.Concurrent, "echo", Baseline, ServerlessTargets.Baseline];

    /// <summary>
    /// The in-process gateway of another checkout (<c>BENCH_BASELINE_ROOT</c>, built in the same configuration):
    /// a change measured side by side with the code before it, in one run.
    /// </summary>
    private const string Baseline = "baseline";

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private string? _functionsHostUrl;
    private string? _functionAppDirectory;

    private ServerTarget(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>The bare echo speaks no Engine.IO.</summary>
    public bool Raw => Name == "echo";

    /// <summary>The build configuration of this benchmark (and so of the servers it starts).</summary>
    private static string Configuration =>
        typeof(ServerTarget).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    public static string Title(string name) => name switch
    {
        "node" => "Node socket.io",
        "inprocess" => "gateway in-process",
        "serverless" => "gateway serverless",
        "echo" => "Kestrel WS echo",
        ServerlessTargets.Concurrent => ServerlessTargets.ConcurrentTitle,
        Baseline => "gateway baseline",
        ServerlessTargets.Baseline => ServerlessTargets.BaselineTitle,
        _ => name,
    };

    public static async Task<ServerTarget> StartAsync(string name, BenchOptions options)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(options.ServerCore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        switch (name)
        {
            case "node":
                start.WorkingDirectory = Path.Combine(options.Root, "bench", "node");
                AddArguments(start, "node", "--expose-gc", "server.js", $"{port}");
                break;
            case "inprocess" or "serverless" or ServerlessTargets.Concurrent:
                start.WorkingDirectory = options.Root;
                AddArguments(start, "bash", "scripts/bench-server", ServerlessTargets.ModeOf(name), $"{port}");
                ServerlessTargets.Configure(name, start, options);
                // The gateway and the function app were built with this benchmark, in its configuration.
                start.Environment["BENCH_SKIP_BUILD"] = "1";
                start.Environment["BENCH_CONFIGURATION"] = Configuration;
                break;
            case Baseline or ServerlessTargets.Baseline:
                start.WorkingDirectory = Environment.GetEnvironmentVariable("BENCH_BASELINE_ROOT")
                    ?? throw new ArgumentException("the baseline targets need BENCH_BASELINE_ROOT (a checkout with the gateway and the benchmark function app built)");
                AddArguments(start, "bash", "scripts/bench-server", name == Baseline ? "inprocess" : "serverless", $"{port}");
                start.Environment["BENCH_SKIP_BUILD"] = "1";
                start.Environment["BENCH_CONFIGURATION"] = Configuration;
                break;
            case "echo":
                start.WorkingDirectory = options.Root;
                AddArguments(start, "dotnet", typeof(ServerTarget).Assembly.Location, EchoServer.Command, $"{port}");
                break;
            default:
                throw new ArgumentException($"unknown target {name} (known: {string.Join(", ", Names)})");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var target = new ServerTarget(name, process, port);
        process.OutputDataReceived += (_, e) => target.Keep(e.Data, options.Verbose);
        process.ErrorDataReceived += (_, e) => target.Keep(e.Data, options.Verbose);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await target.WaitReadyAsync(TimeSpan.FromSeconds(180));
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    public ProcessTree.Sample Sample() => ProcessTree.Read(_process.Id);

    /// <summary>Serverless: the Functions host's base URL and the function app's access key, as bench-server printed them.</summary>
    public (string BaseUrl, string AccessKey)? FunctionsHost() =>
        Volatile.Read(ref _functionsHostUrl) is { } url && Volatile.Read(ref _functionAppDirectory) is { } app ? (url, LoadScenarios.AccessKeyOf(app)) : null;

    public string LastOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: each server stops gracefully (bench-server stops the gateway, the host and its worker).
            using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
            {
                await kill.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void Keep(string? line, bool verbose)
    {
        if (line is null)
        {
            return;
        }

        if (verbose)
        {
            Console.Error.WriteLine($"[{Name}] {line}");
        }

        // "bench-server: the function app runs from DIR/" and "Functions host ready: N functions at URL (...)".
        const string AppPrefix = "bench-server: the function app runs from ";
        const string HostMarker = "Functions host ready: ";
        if (line.StartsWith(AppPrefix, StringComparison.Ordinal))
        {
            Volatile.Write(ref _functionAppDirectory, line[AppPrefix.Length..].Trim());
        }
        else if (line.Contains(HostMarker, StringComparison.Ordinal) && line.IndexOf(" at http", StringComparison.Ordinal) is var at and >= 0)
        {
            Volatile.Write(ref _functionsHostUrl, line[(at + 4)..].Split(' ')[0]);
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during startup:{Environment.NewLine}{LastOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/socket.io/?EIO=4&transport=polling"));
                // bench-server answers before its ready line only once the gateway listens; the line is the signal.
                if (response.IsSuccessStatusCode && (Name == "node" || LastOutput().Contains("Bench server ready", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not answer within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LastOutput()}");
            }

            await Task.Delay(100);
        }
    }

    private static void AddArguments(ProcessStartInfo start, params string[] arguments)
    {
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
