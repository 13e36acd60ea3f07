using System.Globalization;
using System.Text.RegularExpressions;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>The host started as its own process (as `dotnet run` or a script starts it), with its ready line parsed.</summary>
public static partial class HostProcess
{
    /// <summary>Starts the host on a free port with the ASP.NET Core test app; <paramref name="environment"/> is added to its own.</summary>
    public static ChildProcess Start(IDictionary<string, string?>? environment = null, params string[] arguments)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "SocketIO.Serverless.FunctionsHost.dll");
        // Through env, with SIGINT at its default: GracefulShutdownTests stops it with Ctrl+C (the pid is the host's: env execs it).
        return ChildProcess.Start("env", ChildProcess.WithDefaultInterrupt(["dotnet", hostDll, "--app", TestApps.AspNetCore, "--port", "0", .. arguments]), environment: environment);
    }

    /// <summary>Waits for "Functions host ready: ... at http://host:port/api/ (worker process N)".</summary>
    public static async Task<(Uri BaseAddress, int WorkerProcessId)> WaitForReadyAsync(ChildProcess host)
    {
        var line = await host.WaitForLineAsync(l => ReadyLine().IsMatch(l), RunningHost.StartTimeout);
        var match = ReadyLine().Match(line);
        return (new Uri(match.Groups["address"].Value), int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Functions host ready: .* at (?<address>http://\S+/) \(worker process (?<pid>\d+)\)")]
    private static partial Regex ReadyLine();
}
