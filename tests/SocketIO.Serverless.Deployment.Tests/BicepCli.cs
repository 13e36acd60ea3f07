using System.Text.RegularExpressions;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>The Bicep CLI from NuGet, run offline.</summary>
internal static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string> Executable = new(Prepare);

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync(Executable.Value, arguments, workingDirectory, Timeout);

    /// <summary>The diagnostics (warnings and errors, compiler and linter) the CLI printed.</summary>
    public static IReadOnlyList<string> Diagnostics(ProcessResult result) =>
        result.Output.Split('\n').Where(line => DiagnosticLine().IsMatch(line)).Select(line => line.Trim()).ToList();

    private static string Prepare()
    {
        var path = Repository.BicepExecutable;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is missing at {path}: restore this project (its PackageDownload of Azure.Bicep.CommandLine.linux-x64).", path);
        }

        // Package extraction does not always keep the executable bit.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Bicep CLI package restored here is the linux-x64 one.");
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }

    // e.g. "/repo/bicep/x.bicep(12,5) : Warning BCP037: ..." or "... : Error no-unused-params: ...".
    [GeneratedRegex(@"\)\s*:\s*(Warning|Error|Info)\s+\S+:", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticLine();
}
