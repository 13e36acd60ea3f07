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
    /// <param name="JitCpu">The share of .NET's tiered-compilation threads, every .NET process of the tree together:
    /// the JIT still moving hot methods to optimized code (zero for Node, whose compiler threads are not told apart). A
    /// running total: compare two samples. A thread that starts and ends between two samples is not seen.</param>
    /// <param name="KernelCpu">The share of <paramref name="Cpu"/> spent in the kernel on the tree's behalf (stime): on
    /// loopback that is mostly the TCP stack's send and receive paths and the wake-ups, lowered only by fewer system calls.</param>
    public readonly record struct Sample(TimeSpan Cpu, TimeSpan GatewayCpu, bool HasGateway, long RssBytes, int Processes, TimeSpan HostCpu = default, TimeSpan WorkerCpu = default, TimeSpan JitCpu = default, TimeSpan KernelCpu = default);

    private const string GatewayProgram = "SocketIO.Serverless.Gateway.dll";
    private const string HostProgram = "SocketIO.Serverless.FunctionsHost.dll";

    // The host starts the worker with --workerId (the Functions worker protocol).
    private const string WorkerArgument = "--workerId";

    // The runtime's background thread that recompiles methods called often enough at tier 1 (a thread name is cut to
    // 15 characters in /proc: ".NET Tiered Compilation Worker").
    private const string TieringThread = ".NET Tiered Com";

    public static Sample Read(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var cpuTicks = new Dictionary<int, long>();
        var kernelTicksByPid = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var fields = StatFields(File.ReadAllText(Path.Combine(directory, "stat")));
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                cpuTicks[pid] = CpuTicksOf(fields);
                kernelTicksByPid[pid] = KernelTicksOf(fields);
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
        long kernelTicks = 0;
        long rss = 0;
        var hasGateway = false;
        foreach (var pid in tree)
        {
            var own = cpuTicks.GetValueOrDefault(pid);
            ticks += own;
            kernelTicks += kernelTicksByPid.GetValueOrDefault(pid);
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

        var jitTicks = TieringTicksOf(rootPid, tree);

        return new Sample(
            Seconds(ticks), Seconds(gatewayTicks), hasGateway, rss, tree.Count, Seconds(hostTicks), Seconds(workerTicks), Seconds(jitTicks), Seconds(kernelTicks));
    }

    // A tiering thread ends when it has been idle a while and a new one starts with the next work, so its ticks are
    // summed as a running total of what each thread (by id) gained since it was last read, never falling back.
    // One total per tree (by its root), so that reading one tree never moves another's.
    private static readonly Dictionary<(int Pid, int Tid), long> TieringTicksSeen = [];
    private static readonly Dictionary<int, long> TieringTicksTotals = [];

    private static long TieringTicksOf(int rootPid, IEnumerable<int> pids)
    {
        lock (TieringTicksSeen)
        {
            var total = TieringTicksTotals.GetValueOrDefault(rootPid);
            foreach (var pid in pids)
            {
                try
                {
                    foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    {
                        if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(TieringThread, StringComparison.Ordinal)
                            || !int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
                        {
                            continue;
                        }

                        var ticks = CpuTicksOf(StatFields(File.ReadAllText(Path.Combine(task, "stat"))));
                        total += Math.Max(0, ticks - TieringTicksSeen.GetValueOrDefault((pid, tid)));
                        TieringTicksSeen[(pid, tid)] = ticks;
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The process or the thread ended while we read.
                }
            }

            TieringTicksTotals[rootPid] = total;
            return total;
        }
    }

    // The command name is in parentheses and may hold spaces: fields count from after its last ')'.
    private static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    // utime + stime (fields 14 and 15 of stat).
    private static long CpuTicksOf(string[] fields) =>
        long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);

    // stime alone.
    private static long KernelTicksOf(string[] fields) => long.Parse(fields[12], CultureInfo.InvariantCulture);

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

    /// <summary>This process's own tiering threads' CPU (a running total; its children, the servers, not included).</summary>
    public static TimeSpan OwnJit() => Seconds(TieringTicksOf(Environment.ProcessId, [Environment.ProcessId]));

    /// <summary>This process's own CPU time, to show the load generator is not the limit.</summary>
    public static TimeSpan Self()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
