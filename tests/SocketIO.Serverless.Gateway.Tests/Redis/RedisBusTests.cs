using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters.Redis;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Redis;

/// <summary>The link between gateways, against a real redis-server: requests, answers, order, and Redis being down.</summary>
public sealed class RedisBusTests : IAsyncLifetime
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
    public async Task TheGatewayHoldingASocketAnswersAndTheOthersSayNotHere()
    {
        var caller = await StartAsync("caller");
        var owner = await StartAsync("owner", request => new ClusterResponse { Id = request.Id, From = "owner", Found = true, SocketId = "s-" + request.ConnectionId });
        var bystander = await StartAsync("bystander", request => new ClusterResponse { Id = request.Id, From = "bystander", Found = false });

        var answer = await caller.RequestOwnerAsync(Request("caller", ClusterOperation.FindSocket, "c1"), Bound, CancellationToken.None);
        Assert.NotNull(answer);
        Assert.Equal("owner", answer.From);
        Assert.Equal("s-c1", answer.SocketId);

        var all = await caller.RequestAllAsync(Request("caller", ClusterOperation.FetchSockets, "c1"), Bound, CancellationToken.None);
        Assert.Equal(["bystander", "owner"], all.Select(response => response.From).Order(StringComparer.Ordinal));
        GC.KeepAlive(owner);
        GC.KeepAlive(bystander);
    }

    [Fact]
    public async Task NobodyHoldingItIsNotFoundOnceEveryGatewayAnswered()
    {
        var caller = await StartAsync("caller");
        await StartAsync("other", request => new ClusterResponse { Id = request.Id, From = "other", Found = false });

        Assert.Null(await caller.RequestOwnerAsync(Request("caller", ClusterOperation.ConnectionExists, "gone"), Bound, CancellationToken.None));
    }

    [Fact]
    public async Task AGatewayThatDoesNotAnswerInTimeIsATimeoutThatSaysHowManyAnswered()
    {
        var caller = await StartAsync("caller");
        var silent = new TaskCompletionSource<ClusterResponse>();
        await StartAsync("silent", _ => silent.Task.Result);
        try
        {
            var e = await Assert.ThrowsAsync<ClusterTimeoutException>(() => caller.RequestAllAsync(Request("caller", ClusterOperation.FetchSockets, "c"), TimeSpan.FromMilliseconds(300), CancellationToken.None));
            Assert.Contains("0 of 1 gateways answered", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            silent.SetResult(new ClusterResponse { Id = "late", From = "silent" });
        }
    }

    [Fact]
    public async Task AChannelsMessagesArriveInTheOrderTheyWerePublished()
    {
        var sender = await StartAsync("sender");
        var receiver = await StartAsync("receiver");
        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Subscribe("socketio#test#", payload =>
        {
            lock (received)
            {
                if (!int.TryParse(System.Text.Encoding.UTF8.GetString(payload.Span), CultureInfo.InvariantCulture, out var number))
                {
                    return Task.CompletedTask; // the subscription probe
                }

                received.Add(number);
                if (received.Count == 200)
                {
                    all.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        await WaitUntilSubscribedAsync(sender, "socketio#test#");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => sender.PublishAsync("socketio#test#", System.Text.Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), "broadcast")));
        await all.Task.WaitAsync(Bound);
        Assert.Equal(Enumerable.Range(0, 200), received);
    }

    [Fact]
    public async Task WithRedisDownEveryOperationFailsAtOnceWithAClearError()
    {
        var bus = await StartAsync("alone");
        await _redis!.Redis.StopAsync();
        await WaitUntilAsync(() => !bus.IsConnected);

        var publish = await Assert.ThrowsAsync<ClusterUnavailableException>(() => bus.PublishAsync("socketio#x#", [1], "broadcast").WaitAsync(Bound));
        Assert.Contains("Redis is unavailable", publish.Message, StringComparison.Ordinal);
        var request = await Assert.ThrowsAsync<ClusterUnavailableException>(() => bus.RequestOwnerAsync(Request("alone", ClusterOperation.Join, "c"), Bound, CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("for Join", request.Message, StringComparison.Ordinal);

        // Back without a restart: the connection and the subscriptions return on their own.
        await _redis.Redis.StartAgainAsync();
        await WaitUntilAsync(() => bus.IsConnected);
        var other = await StartAsync("other", r => new ClusterResponse { Id = r.Id, From = "other", Found = true });
        await WaitUntilSubscribedAsync(other, "socketio#request#", subscribers: 2);
        Assert.NotNull(await bus.RequestOwnerAsync(Request("alone", ClusterOperation.Join, "c"), Bound, CancellationToken.None));
    }

    private async Task<RedisBus> StartAsync(string instance, Func<ClusterRequest, ClusterResponse>? answer = null)
    {
        var bus = _redis!.Create(instance);
        if (answer is not null)
        {
            bus.HandleRequestsWith((request, _) => Task.Run(() => answer(request)));
        }

        await bus.StartAsync(CancellationToken.None);
        await WaitUntilSubscribedAsync(bus, "socketio#response#" + instance);
        return bus;
    }

    private static ClusterRequest Request(string origin, ClusterOperation operation, string connectionId) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Origin = origin,
        Operation = operation,
        Hub = "hub",
        Namespace = "/",
        ConnectionId = connectionId,
        Data = JsonDocument.Parse("[\"e\"]").RootElement,
    };

    /// <summary>Subscriptions are sent fire-and-forget: waits until Redis counts them (a publish reports its receivers).</summary>
    private static Task WaitUntilSubscribedAsync(RedisBus bus, string channel, int subscribers = 1) =>
        WaitUntilAsync(async () => await bus.PublishAsync(channel, JsonSerializer.SerializeToUtf8Bytes(new { probe = true }), "probe") >= subscribers);

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Eventually.HoldsAsync(condition, Bound), $"not within {Bound}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Assert.True(await Eventually.HoldsAsync(condition, Bound), $"not within {Bound}");
}
