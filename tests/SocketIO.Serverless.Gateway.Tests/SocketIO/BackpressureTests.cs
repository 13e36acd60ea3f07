using System.Diagnostics.Metrics;
using System.Globalization;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>
/// A burst far past <see cref="SocketIOOptions.MaxPendingEvents"/> from the real socket.io-client: the gateway stops
/// reading from the client while the socket's queue is full (WebSocket frames, the polling POST's answer), so every
/// event is acked, in order, with the queue never past its bound. Node's server acks all of such a burst too.
/// </summary>
public sealed class BackpressureTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int MaxPendingEvents = 100;
    private const int Burst = 10_000;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _maxWaiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _paused = new(StringComparer.Ordinal);
    private LoopbackApp? _gateway;

    public async Task InitializeAsync()
    {
        StartListening();
        _gateway = await StartGatewayAsync();
    }

    private void StartListening()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SocketIOMetrics.MeterName && instrument.Name is "socketio.events.waiting" or "socketio.receive.pauses")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    private Task<LoopbackApp> StartGatewayAsync() =>
        LoopbackApp.StartGatewayAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Conformance,
                ["SocketIO:MaxPendingEvents"] = MaxPendingEvents.ToString(CultureInfo.InvariantCulture),
            },
            builder => builder.Services.AddInProcessSocketApplication(app =>
            {
                foreach (var transport in new[] { "websocket", "polling" })
                {
                    app.OnConnection("/burst-" + transport, socket => socket.On("count", async e =>
                    {
                        // The first event waits until the queue behind it is full and reading paused: the burst
                        // must then go on through back-pressure, not through a fast handler.
                        await PausedTask(socket.Namespace).WaitAsync(TimeSpan.FromSeconds(60));
                        e.Ack(e.Arg<long>(0));
                    }));
                }
            }));

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task A_burst_of_10000_events_is_acked_completely_and_in_order_with_the_queue_bounded(string transport)
    {
        var ns = "/burst-" + transport;

        var printed = await NodeScript.RunAndAssertSuccessAsync(
            Path.Combine("burst", "burst.mjs"), [_gateway!.Url + ns, transport, "count", Burst.ToString(CultureInfo.InvariantCulture)]);

        Assert.Contains($"ok - all {Burst} events acked", printed, StringComparison.Ordinal);
        Assert.True(PausedTask(ns).IsCompleted, "reading from the client never paused");
        lock (_gate)
        {
            // One packet may be in the transport's hands when the pause starts.
            output.WriteLine($"{printed.Trim()}; most events waiting: {_maxWaiting[ns]} (MaxPendingEvents {MaxPendingEvents})");
            Assert.InRange(_maxWaiting[ns], MaxPendingEvents, MaxPendingEvents + 1);
        }
    }

    private Task PausedTask(string ns)
    {
        lock (_gate)
        {
            if (!_paused.TryGetValue(ns, out var paused))
            {
                _paused[ns] = paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return paused.Task;
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? ns = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "socketio.namespace")
            {
                ns = tag.Value as string;
            }
        }

        if (ns is null || !ns.StartsWith("/burst-", StringComparison.Ordinal))
        {
            return;
        }

        if (instrument.Name == "socketio.receive.pauses")
        {
            PausedTask(ns);
            lock (_gate)
            {
                _paused[ns].TrySetResult();
            }

            return;
        }

        lock (_gate)
        {
            var waiting = _waiting.GetValueOrDefault(ns) + value;
            _waiting[ns] = waiting;
            _maxWaiting[ns] = Math.Max(_maxWaiting.GetValueOrDefault(ns), waiting);
        }
    }
}
