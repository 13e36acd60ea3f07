using System.Globalization;

namespace SocketIO.Serverless.AppHost.Tests;

/// <summary>
/// The processes a run started, read from /proc (Linux): the descendants of the `dotnet run` process, plus Aspire's
/// orchestrator (DCP), which detaches from its parent and names the AppHost it serves with <c>--monitor PID</c>.
/// </summary>
internal static class ProcessTree
{
    public sealed record Entry(int Pid, string StartTime, string CommandLine);

    /// <summary>Everything started on behalf of <paramref name="root"/>, itself included.</summary>
    public static IReadOnlyList<Entry> Of(int root)
    {
        var all = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? Read(pid) : null)
            .OfType<(int Pid, int Parent, string Start, string Cmd)>()
            .ToList();
        var members = new HashSet<int> { root };
        // The AppHost is the run's child; DCP monitors it.
        var monitored = all.Where(p => p.Parent == root).Select(p => p.Pid).ToHashSet();
        foreach (var p in all.Where(p => monitored.Any(m => p.Cmd.Contains($"--monitor {m}", StringComparison.Ordinal))))
        {
            members.Add(p.Pid);
        }

        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var p in all.Where(p => members.Contains(p.Parent) && !members.Contains(p.Pid)))
            {
                grew = members.Add(p.Pid) || grew;
            }
        }

        return all.Where(p => members.Contains(p.Pid)).Select(p => new Entry(p.Pid, p.Start, p.Cmd)).ToList();
    }

    /// <summary>Whether the same process (same pid and start time, so never a reused pid) is still there.</summary>
    public static bool IsAlive(Entry entry) => Read(entry.Pid) is { } now && now.Start == entry.StartTime && !IsZombie(entry.Pid);

    /// <summary>What Ctrl+C in a terminal does: SIGINT to the whole foreground process group.</summary>
    public static void Interrupt(int processGroup)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-INT", "--", "-" + processGroup.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT -- -{processGroup} failed with exit code {kill.ExitCode}");
        }
    }

    private static (int Pid, int Parent, string Start, string Cmd)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: the rest follows the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return (pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[19], cmd);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
