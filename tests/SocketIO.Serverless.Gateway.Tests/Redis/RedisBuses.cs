using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters.Redis;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Redis;

/// <summary>A real redis-server and the gateways' buses on it, for tests of the link between gateways; disposes all.</summary>
internal sealed class RedisBuses : IAsyncDisposable
{
    private readonly List<RedisBus> _buses = [];

    private RedisBuses(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public static async Task<RedisBuses> StartAsync() => new(await RedisServer.StartAsync());

    /// <summary>A bus of gateway <paramref name="instance"/>, not yet started (a test may set its request handler first).</summary>
    public RedisBus Create(string instance)
    {
        var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var bus = new RedisBus(
            Options.Create(new RedisOptions { ConnectionString = $"127.0.0.1:{Redis.Port}", RequestTimeout = 5_000, ConnectTimeout = 2_000 }),
            new GatewayInstance(Options.Create(new GatewayOptions { InstanceId = instance })),
            new RedisMetrics(metrics),
            NullLogger<RedisBus>.Instance);
        _buses.Add(bus);
        return bus;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bus in _buses)
        {
            await bus.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
