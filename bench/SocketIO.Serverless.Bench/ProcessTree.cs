using System.Globalization;

namespace SocketIO.Serverless.Bench;

/// <summary>CPU time and resident memory of a process and all its descendants, read from /proc.</summary>
internal static class ProcessTree
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <param name="GatewayCpu">The share of <paramref name="Cpu"/> of the gateway's own process (zero for Node and the echo).</param>
    public readonly record struct Sample(TimeSpan Cpu, TimeSpan GatewayCpu, bool HasGateway, long RssBytes, int Processes);

    private const string GatewayProgram = "SocketIO.Serverless.Gateway.dll";

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
        long rss = 0;
        var hasGateway = false;
        foreach (var pid in tree)
        {
            ticks += cpuTicks.GetValueOrDefault(pid);
            if (IsGateway(pid))
            {
                gatewayTicks += cpuTicks.GetValueOrDefault(pid);
                hasGateway = true;
            }

            rss += RssOf(pid);
        }

        return new Sample(TimeSpan.FromSeconds(ticks / TicksPerSecond), TimeSpan.FromSeconds(gatewayTicks / TicksPerSecond), hasGateway, rss, tree.Count);
    }

    private static bool IsGateway(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(GatewayProgram, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
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
