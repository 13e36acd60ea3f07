using System.Globalization;

namespace SocketIO.Serverless.Testing;

/// <summary>
/// Debian's <c>redis-server</c> on an ephemeral port, nothing persisted, in a temporary folder. It can be stopped and
/// started again on the same port (Redis down, then back).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "socketio-redis-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _process;

    private RedisServer(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Output { get; private set; } = string.Empty;

    public bool IsRunning => _process is not null;

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer(FreePort.Next());
        try
        {
            await redis.StartAgainAsync();
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async Task StartAgainAsync()
    {
        Directory.CreateDirectory(_directory);
        _process = ChildProcess.Start("redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory]);
        await _process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills it: every gateway loses its connection at once.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            Output += process.Output;
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}
