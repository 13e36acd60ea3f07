using System.Globalization;

namespace SocketIO.Serverless.Bench;

/// <summary>CPU time and resident memory of a process and all its descendants, read from /proc.</summary>
internal static class ProcessTree
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <param name="GatewayCpu">The share of <paramref name="Cpu"/> of the gateway's own process (zero for Node and the echo).</param>
    /// <param name="HostCpu">The local Functions host's share (serverless only).</param>
    /// <param name="WorkerCpu">The isolated worker's share (serverless only).</param>
    public readonly record struct Sample(TimeSpan Cpu, TimeSpan GatewayCpu, bool HasGateway, long RssBytes, int Processes, TimeSpan HostCpu = default, TimeSpan WorkerCpu = default);

    private const string GatewayProgram = "SocketIO.Serverless.Gateway.dll";
    private const string HostProgram = "SocketIO.Serverless.FunctionsHost.dll";

    // The host starts the worker with --workerId (the Functions worker protocol).
    private const string WorkerArgument = "--workerId";

    public static Sample Read(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var cpuTicks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name is in parentheses and may hold spaces: fields count from after its last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                cpuTicks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we read.
            }
        }

        var tree = new HashSet<int> { rootPid };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        long ticks = 0;
        long gatewayTicks = 0;
        long hostTicks = 0;
        long workerTicks = 0;
        long rss = 0;
        var hasGateway = false;
        foreach (var pid in tree)
        {
            var own = cpuTicks.GetValueOrDefault(pid);
            ticks += own;
            var commandLine = CommandLineOf(pid);
            if (commandLine.Contains(GatewayProgram, StringComparison.Ordinal))
            {
                gatewayTicks += own;
                hasGateway = true;
            }
            else if (commandLine.Contains(HostProgram, StringComparison.Ordinal))
            {
                hostTicks += own;
            }
            else if (commandLine.Contains(WorkerArgument, StringComparison.Ordinal))
            {
                workerTicks += own;
            }

            rss += RssOf(pid);
        }

        return new Sample(
            Seconds(ticks), Seconds(gatewayTicks), hasGateway, rss, tree.Count, Seconds(hostTicks), Seconds(workerTicks));
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static long RssOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>This process's own CPU time, to show the load generator is not the limit.</summary>
    public static TimeSpan Self()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
