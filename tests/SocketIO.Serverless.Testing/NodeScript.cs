namespace SocketIO.Serverless.Testing;

/// <summary>
/// Runs a script under <c>tests/e2e</c> with Node, the way end-to-end tests drive the real <c>socket.io-client</c>.
/// A script signals success by exiting 0; it prints what it checked so a failure explains itself.
/// </summary>
public static class NodeScript
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> (relative to <c>tests/e2e</c>) to completion and returns its exit code and output.</summary>
    public static async Task<NodeResult> RunAsync(string script, IEnumerable<string>? arguments = null, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var path = Path.Combine(RepoPaths.NodeScripts, script);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No node script at {path}.", path);
        }

        if (!Directory.Exists(Path.Combine(RepoPaths.NodeModules, "socket.io-client")))
        {
            throw new InvalidOperationException("node_modules is missing: run `npm ci` at the repository root (scripts/test does).");
        }

        await using var child = ChildProcess.Start("node", [path, .. arguments ?? []], RepoPaths.Root, environment);
        var code = await child.WaitForExitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        return new NodeResult(code, child.Output);
    }

    /// <summary>Runs the script and fails the test, showing its output, unless it exits 0.</summary>
    public static async Task<string> RunAndAssertSuccessAsync(string script, IEnumerable<string>? arguments = null, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(script, arguments, environment, timeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new NodeScriptFailedException($"node {script} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result.Output;
    }
}

public sealed record NodeResult(int ExitCode, string Output);

public sealed class NodeScriptFailedException(string message) : Exception(message);
