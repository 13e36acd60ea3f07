using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Adapters.Redis;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Redis;

/// <summary>
/// A namespace's first broadcast from another gateway, against a real redis-server: the socket's CONNECT waits for
/// <see cref="ISocketAdapter.AddSocketAsync"/>, so once that returned the gateway must already be subscribed to the
/// namespace's channel, however soon another gateway broadcasts.
/// </summary>
public sealed class RedisFirstBroadcastTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private RedisBuses? _redis;

    public async Task InitializeAsync() => _redis = await RedisBuses.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASocketAddedToANewNamespaceReceivesTheFirstBroadcastOfAnotherGateway()
    {
        var holder = new RedisSocketAdapterFactory(new InMemorySocketAdapterFactory(), await StartAsync("holder"));
        var sender = new RedisSocketAdapterFactory(new InMemorySocketAdapterFactory(), await StartAsync("sender"));
        var received = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var names = Enumerable.Range(0, 40).Select(i => $"/first-{i}").ToArray();

        foreach (var name in names)
        {
            // As a CONNECT does: the namespace (and its adapter) appears with its first socket, which is added
            // before the CONNECT is answered; the client's first event may make a function broadcast at once.
            var socket = new RecordingSocket(new SocketRecord("s-" + name, "c-" + name, null, null), () => received[name] = true);
            var adapter = holder.Create(new OneSocketNamespace(name, socket));
            await adapter.AddSocketAsync(socket.Record, CancellationToken.None);

            var other = sender.Create(new OneSocketNamespace(name, null));
            await other.BroadcastAsync(OutboundPacket.FromMessages([EngineMessage.FromText("2[\"first\"]")]), BroadcastTarget.All, CancellationToken.None);
        }

        await WaitUntilAsync(() => received.Count == names.Length);
        Assert.Equal(names, names.Where(received.ContainsKey));
    }

    [Fact]
    public async Task WithRedisDownAddingASocketDoesNotWaitForTheSubscription()
    {
        var bus = await StartAsync("alone");
        await _redis!.Redis.StopAsync();
        await WaitUntilAsync(() => !bus.IsConnected);
        var factory = new RedisSocketAdapterFactory(new InMemorySocketAdapterFactory(), bus);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var socket = new RecordingSocket(new SocketRecord("s1", "c1", null, null), () => delivered.TrySetResult());
        var adapter = factory.Create(new OneSocketNamespace("/down", socket));

        // Local service goes on: the socket is admitted and reached by this gateway's broadcasts.
        await adapter.AddSocketAsync(socket.Record, CancellationToken.None).AsTask().WaitAsync(Bound);
        await Assert.ThrowsAsync<ClusterUnavailableException>(async () =>
            await adapter.BroadcastAsync(OutboundPacket.FromMessages([EngineMessage.FromText("2[\"local\"]")]), BroadcastTarget.All, CancellationToken.None));
        await delivered.Task.WaitAsync(Bound);
    }

    private async Task<RedisBus> StartAsync(string instance)
    {
        var bus = _redis!.Create(instance);
        await bus.StartAsync(CancellationToken.None);
        return bus;
    }

    // Not a failure by itself: the assertion after it says what is missing.
    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, Bound);

    private sealed class OneSocketNamespace(string name, ILocalSocket? socket) : IAdapterNamespace
    {
        public string Hub => "hub";

        public string Name => name;

        public ILocalSocket? FindSocket(string socketId) => socket?.Record.Id == socketId ? socket : null;
    }

    private sealed class RecordingSocket(SocketRecord record, Action onPacket) : ILocalSocket
    {
        public SocketRecord Record => record;

        public bool Send(OutboundPacket packet)
        {
            onPacket();
            return true;
        }

        public void Disconnect(bool close)
        {
        }
    }
}
