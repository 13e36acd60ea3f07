using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Hosting;
using StackExchange.Redis;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// This gateway's link to the others: one StackExchange.Redis connection, broadcasts on a channel per hub and
/// namespace, and request/response (socket.io-redis-adapter's scheme): a request is published once on the request
/// channel, every gateway answers on the requester's response channel, and PUBLISH's receiver count says how many
/// answers to wait for, so no list of gateways is kept. Never blocks: commands fail fast while Redis is down
/// (<see cref="ClusterUnavailableException"/>), the connection comes back on its own, and subscriptions with it.
/// <para>
/// SUBSCRIBE goes out on the subscription connection and PUBLISH on another, so a subscription is only known to be
/// active once a message published after it came back: <see cref="WhenSubscribedAsync"/> publishes probes on the
/// channel until its own arrives. The Redis adapter waits for that before a namespace's first socket is admitted,
/// so another gateway's first broadcast to the namespace cannot be published before this one listens.
/// </para>
/// </summary>
internal sealed class RedisBus : IHostedService, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly RedisMetrics _metrics;
    private readonly ILogger<RedisBus> _logger;
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Channel, Func<ReadOnlyMemory<byte>, Task> Handler)> _early = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _probes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionMultiplexer? _redis;
    private Func<ClusterRequest, CancellationToken, Task<ClusterResponse>>? _handler;

    public RedisBus(IOptions<RedisOptions> options, GatewayInstance instance, RedisMetrics metrics, ILogger<RedisBus> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        InstanceId = instance.Id;
        RequestChannel = $"{_options.ChannelPrefix}#request#";
    }

    public string InstanceId { get; }

    public string RequestChannel { get; }

    public bool IsConnected => _redis?.IsConnected == true;

    /// <summary>How long a request waits for the other gateways.</summary>
    public TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(_options.RequestTimeout);

    public string BroadcastChannel(string hub, string @namespace) => $"{_options.ChannelPrefix}#{hub.ToLowerInvariant()}#{@namespace}#";

    private string ResponseChannel(string instanceId) => $"{_options.ChannelPrefix}#response#{instanceId}";

    /// <summary>Who answers the other gateways' requests (set once, before start).</summary>
    public void HandleRequestsWith(Func<ClusterRequest, CancellationToken, Task<ClusterResponse>> handler) => _handler = handler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(_options.ConnectionString!);
        // Never wait for Redis: a command while it is down fails at once, the gateway keeps serving its own sockets.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = _options.ConnectTimeout;
        configuration.AsyncTimeout = _options.RequestTimeout;
        configuration.SyncTimeout = _options.RequestTimeout;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5_000);
        configuration.ClientName ??= "socketio-gateway-" + InstanceId;
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _metrics.Connected(_redis.IsConnected);
        _redis.ConnectionFailed += (_, e) =>
        {
            _metrics.Connected(false);
            RedisLog.ConnectionFailed(_logger, e.FailureType.ToString(), e.EndPoint?.ToString(), e.Exception is null ? null : Reason(e.Exception));
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            _metrics.Connected(_redis.IsConnected);
            RedisLog.ConnectionRestored(_logger, e.EndPoint?.ToString());
        };
        RedisLog.Started(_logger, string.Join(", ", configuration.EndPoints), _options.ChannelPrefix, InstanceId);

        Subscribe(RequestChannel, OnRequest);
        Subscribe(ResponseChannel(InstanceId), OnResponse);
        while (_early.TryDequeue(out var early))
        {
            Subscribe(early.Channel, early.Handler);
        }

        _started.TrySetResult();

        // Before this gateway serves sockets: a request published meanwhile would not count it among its receivers.
        await Task.WhenAll(WhenSubscribedAsync(RequestChannel, cancellationToken), WhenSubscribedAsync(ResponseChannel(InstanceId), cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes once a subscription made with <see cref="Subscribe"/> is active at Redis: a probe published on the
    /// channel came back to this gateway (other subscribers drop it unseen). Bounded: when Redis is down or slow,
    /// it completes without the proof after at most <see cref="RequestTimeout"/> (logged), because local service
    /// must not wait for Redis; the subscription still becomes active when Redis is back.
    /// </summary>
    public async Task WhenSubscribedAsync(string channel, CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var id = Guid.NewGuid().ToString("N");
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = probe;
        var payload = ProbePayload(id);
        var started = Stopwatch.GetTimestamp();
        var interval = TimeSpan.FromMilliseconds(10);
        try
        {
            while (true)
            {
                try
                {
                    await PublishAsync(channel, payload, "probe").ConfigureAwait(false);
                }
                catch (ClusterUnavailableException)
                {
                    // Logged and counted by PublishAsync. Redis is down: nobody's broadcast can be missed meanwhile.
                    return;
                }

                var left = RequestTimeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    RedisLog.SubscriptionUnconfirmed(_logger, channel, (int)RequestTimeout.TotalMilliseconds);
                    return;
                }

                // Not a fixed wait: it ends as soon as the probe arrives; past the interval the probe is sent again,
                // since one published before the SUBSCRIBE reached Redis is lost.
                try
                {
                    await probe.Task.WaitAsync(interval < left ? interval : left, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (TimeoutException)
                {
                    interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
                }
            }
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }
    }

    /// <summary>A probe starts with a byte no JSON message starts with, so handlers never see one.</summary>
    private static byte[] ProbePayload(string id) => [ProbeMarker, .. System.Text.Encoding.ASCII.GetBytes(id)];

    private const byte ProbeMarker = 0;

    /// <summary>True when the message is a probe (this gateway's completes its wait; another's is dropped).</summary>
    private bool IsProbe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload[0] != ProbeMarker)
        {
            return false;
        }

        if (_probes.TryGetValue(System.Text.Encoding.ASCII.GetString(payload[1..]), out var probe))
        {
            probe.TrySetResult();
        }

        return true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Receives a channel's messages one at a time, in the order they were published (one socket's events keep their
    /// order). Registered with the connection: after Redis comes back it is subscribed again without asking.
    /// </summary>
    public void Subscribe(string channel, Func<ReadOnlyMemory<byte>, Task> handler)
    {
        if (_redis is not { } redis)
        {
            _early.Enqueue((channel, handler));
            return;
        }

        // Fire and forget: the subscription is recorded even while Redis is down, and sent when it is back.
        var queue = redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel), CommandFlags.FireAndForget);
        queue.OnMessage(async message =>
        {
            try
            {
                var payload = ((byte[]?)message.Message) ?? [];
                if (IsProbe(payload))
                {
                    return;
                }

                await handler(payload).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One bad message must not end the channel's loop: it is logged and dropped.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RedisLog.BadMessage(_logger, channel, e.Message);
            }
        });
    }

    /// <summary>Publishes to the other gateways; <see cref="ClusterUnavailableException"/> when Redis cannot take it. Returns how many gateways received it, this one included when subscribed.</summary>
    public async Task<long> PublishAsync(string channel, byte[] payload, string operation)
    {
        try
        {
            var redis = _redis ?? throw new ClusterUnavailableException("The connection to Redis is not started yet.");
            var receivers = await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), payload).ConfigureAwait(false);
            _metrics.Published(operation);
            return receivers;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException or ClusterUnavailableException)
        {
            _metrics.Failure(operation);
            var reason = Reason(e);
            RedisLog.PublishFailed(_logger, operation, reason);
            throw new ClusterUnavailableException($"The other gateways could not be reached for {operation}: Redis is unavailable ({reason}).", e);
        }
    }

    /// <summary>StackExchange.Redis' first sentence (its messages go on with connection diagnostics that mean nothing to a caller).</summary>
    private static string Reason(Exception e) => e.Message.Split(';', 2)[0].TrimEnd('.', ' ', ':');

    /// <summary>Asks every other gateway and returns all their answers; <see cref="ClusterTimeoutException"/> when some do not answer within <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ClusterResponse>> RequestAllAsync(ClusterRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = await SendAsync(request, firstFound: false, timeout, cancellationToken).ConfigureAwait(false);
        return pending.Responses();
    }

    /// <summary>Asks every other gateway for the one holding a socket or connection: its answer, or null when every gateway said it does not hold it.</summary>
    public async Task<ClusterResponse?> RequestOwnerAsync(ClusterRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = await SendAsync(request, firstFound: true, timeout, cancellationToken).ConfigureAwait(false);
        return pending.Responses().FirstOrDefault(response => response.Found);
    }

    private async Task<PendingRequest> SendAsync(ClusterRequest request, bool firstFound, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var operation = request.Operation.ToString();
        var started = Stopwatch.GetTimestamp();
        var pending = new PendingRequest(firstFound);
        _pending[request.Id] = pending;
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(request, ClusterJsonContext.Default.ClusterRequest);
            long receivers;
            try
            {
                receivers = await PublishAsync(RequestChannel, payload, operation).ConfigureAwait(false);
            }
            catch (ClusterUnavailableException)
            {
                _metrics.Request(operation, "unavailable", Stopwatch.GetElapsedTime(started));
                throw;
            }

            // This gateway receives its own request too (and ignores it).
            pending.Expect((int)Math.Max(0, receivers - 1));
            try
            {
                await pending.Done.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _metrics.Request(operation, "timeout", Stopwatch.GetElapsedTime(started));
                RedisLog.RequestTimedOut(_logger, operation, pending.Count, pending.Expected, (int)timeout.TotalMilliseconds);
                throw new ClusterTimeoutException($"Cross-gateway {operation} timed out: {pending.Count} of {pending.Expected} gateways answered within {timeout.TotalMilliseconds:0} ms.");
            }

            // A gateway that holds the sockets but could not store the change: the caller gets the 503 it would get there.
            if (pending.Responses().FirstOrDefault(response => response.Error?.StartsWith(ClusterErrors.RoomsUnavailable, StringComparison.Ordinal) == true) is { } failed)
            {
                _metrics.Request(operation, "unavailable", Stopwatch.GetElapsedTime(started));
                throw new RoomsUnavailableException($"Gateway {failed.From}: {failed.Error![ClusterErrors.RoomsUnavailable.Length..]}");
            }

            var found = !firstFound || pending.Responses().Any(response => response.Found);
            _metrics.Request(operation, found ? "ok" : "not_found", Stopwatch.GetElapsedTime(started));
            return pending;
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    private Task OnRequest(ReadOnlyMemory<byte> payload)
    {
        var request = JsonSerializer.Deserialize(payload.Span, ClusterJsonContext.Default.ClusterRequest);
        if (request is null || request.Origin == InstanceId || _handler is not { } handler)
        {
            return Task.CompletedTask;
        }

        _metrics.Received("request");
        // Answered concurrently: an emitWithAck waiting for its client must not hold the requests behind it.
        _ = AnswerAsync(request, handler);
        return Task.CompletedTask;
    }

    private async Task AnswerAsync(ClusterRequest request, Func<ClusterRequest, CancellationToken, Task<ClusterResponse>> handler)
    {
        try
        {
            var response = await handler(request, CancellationToken.None).ConfigureAwait(false);
            var payload = JsonSerializer.SerializeToUtf8Bytes(response, ClusterJsonContext.Default.ClusterResponse);
            await PublishAsync(ResponseChannel(request.Origin), payload, "response").ConfigureAwait(false);
        }
        catch (ClusterUnavailableException)
        {
            // Logged and counted by PublishAsync; the requester times out.
        }
        catch (RoomsUnavailableException e)
        {
            await AnswerFailureAsync(request, ClusterErrors.RoomsUnavailable + e.Message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A request that fails here must not end the subscription loop; the requester times out.
        catch (Exception e)
#pragma warning restore CA1031
        {
            RedisLog.RequestFailed(_logger, e, request.Operation, request.Origin);
        }
    }

    private async Task AnswerFailureAsync(ClusterRequest request, string error)
    {
        var response = new ClusterResponse { Id = request.Id, From = InstanceId, Found = true, Error = error };
        try
        {
            await PublishAsync(ResponseChannel(request.Origin), JsonSerializer.SerializeToUtf8Bytes(response, ClusterJsonContext.Default.ClusterResponse), "response").ConfigureAwait(false);
        }
        catch (ClusterUnavailableException)
        {
            // Logged and counted by PublishAsync; the requester times out.
        }
    }

    private Task OnResponse(ReadOnlyMemory<byte> payload)
    {
        var response = JsonSerializer.Deserialize(payload.Span, ClusterJsonContext.Default.ClusterResponse);
        if (response is not null && _pending.TryGetValue(response.Id, out var pending))
        {
            _metrics.Received("response");
            pending.Add(response);
        }

        return Task.CompletedTask;
    }

    /// <summary>The answers to one request, complete when all expected came (or, for an owner lookup, the owner's).</summary>
    private sealed class PendingRequest(bool firstFound)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<ClusterResponse> _responses = [];
        private readonly Lock _gate = new();
        private int? _expected;

        public Task Done => _done.Task;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _responses.Count;
                }
            }
        }

        public int Expected => _expected ?? 0;

        public IReadOnlyList<ClusterResponse> Responses()
        {
            lock (_gate)
            {
                return [.. _responses];
            }
        }

        public void Add(ClusterResponse response)
        {
            lock (_gate)
            {
                _responses.Add(response);
                if (firstFound && response.Found)
                {
                    _done.TrySetResult();
                }

                Check();
            }
        }

        public void Expect(int count)
        {
            lock (_gate)
            {
                _expected = count;
                Check();
            }
        }

        private void Check()
        {
            if (_expected is { } expected && _responses.Count >= expected)
            {
                _done.TrySetResult();
            }
        }
    }
}
