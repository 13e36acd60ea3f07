namespace SocketIO.Serverless.Testing;

/// <summary>The command lines of this machine's processes, read from <c>/proc</c>: to prove a test left none running.</summary>
public static class ProcessTable
{
    /// <summary>Every running process's command line (arguments joined by spaces) that contains <paramref name="text"/>.</summary>
    public static List<string> CommandLinesContaining(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
            .Select(dir =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return string.Empty; // the process ended meanwhile
                }
                catch (UnauthorizedAccessException)
                {
                    return string.Empty;
                }
            })
            .Where(commandLine => commandLine.Contains(text, StringComparison.Ordinal))];
}
