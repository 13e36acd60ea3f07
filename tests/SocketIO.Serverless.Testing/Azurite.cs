using System.Globalization;

namespace SocketIO.Serverless.Testing;

/// <summary>
/// Azurite's table service (npm <c>azurite</c>, the repository's node_modules) on an ephemeral port with its data in
/// a temporary folder, for tests against a real table endpoint. It can be stopped and started again on the same
/// port and folder (storage down, then back with its rows).
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    // Azurite's well-known development account (public, documented by Microsoft).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location = Path.Combine(Path.GetTempPath(), "socketio-azurite-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _process;

    private Azurite(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string TableEndpoint => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/devstoreaccount1";

    /// <summary>A full connection string to this Azurite (what <c>UseDevelopmentStorage=true</c> means, on this port).</summary>
    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint={TableEndpoint};";

    public bool IsRunning => _process is not null;

    public string Output => _process?.Output ?? string.Empty;

    public static async Task<Azurite> StartAsync()
    {
        var azurite = new Azurite(FreePort.Next());
        try
        {
            await azurite.StartAgainAsync().ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts it (again) on the same port with the same data.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        Directory.CreateDirectory(_location);
        _process = ChildProcess.Start("node",
        [
            Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "table", "main.js"),
            "--tableHost", "127.0.0.1",
            "--tablePort", Port.ToString(CultureInfo.InvariantCulture),
            "--location", _location,
            "--skipApiVersionCheck",
            "--disableTelemetry",
        ]);
        await _process.WaitForLineAsync(line => line.Contains("successfully", StringComparison.OrdinalIgnoreCase), StartupTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops it as an operator would (SIGINT, Ctrl+C: Azurite saves its data, which it otherwise writes only every few
    /// seconds) and waits until it is gone; its data stays for <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (var terminate = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync().ConfigureAwait(false);
        }

        try
        {
            await process.WaitForExitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        finally
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}
