using System.Diagnostics;
using System.Text;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>The outcome of a finished process.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode}:\n{Output}";
}

/// <summary>Runs a command to completion, capturing stdout and stderr together; kills its process tree on timeout.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or first-run banners in the captured output.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["BICEP_TELEMETRY_DISABLED"] = "true";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` did not finish within {timeout}:\n{output}");
        }

        // The parameterless wait drains the redirected streams.
        process.WaitForExit();
        return new ProcessResult(command, process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
