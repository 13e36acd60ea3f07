using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.Tests.Engine;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>
/// What the dashboard shows of the gateway: joins and leaves, slow-client drops, and event spans that start a trace of
/// their own (a WebSocket's request lasts as long as the connection). Other tests run in parallel in this process,
/// so measurements are told apart by this test's namespace tag, socket id or a count that only grows.
/// </summary>
public sealed class GatewayTelemetryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Joins_and_leaves_are_counted_per_namespace()
    {
        using var joins = new CounterRecorder(SocketIOMetrics.MeterName, "socketio.rooms.joins");
        using var leaves = new CounterRecorder(SocketIOMetrics.MeterName, "socketio.rooms.leaves");
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40");
        Assert.StartsWith("40{\"sid\":", await client.ReceiveAsync());

        await client.SendAsync("421[\"join\",\"metrics-room\"]");
        Assert.StartsWith("431", await client.ReceiveAsync());
        await client.SendAsync("422[\"leave\",\"metrics-room\"]");
        Assert.StartsWith("432", await client.ReceiveAsync());

        Assert.True(joins.Total("/") >= 1, "a join of namespace / was counted");
        Assert.True(leaves.Total("/") >= 1, "a leave of namespace / was counted");
    }

    [Fact]
    public async Task A_slow_client_closed_for_a_full_send_buffer_is_counted()
    {
        using var drops = new CounterRecorder(EngineMetrics.MeterName, "engine.sessions.slow_client_drops");
        var app = new RecordingApplication
        {
            OnMessageAction = (connection, _) =>
            {
                for (var i = 0; i < 5; i++)
                {
                    connection.Send(EngineMessage.FromText($"m{i}"));
                }
            },
        };
        await using var host = await EngineTestHost.StartAsync(o => o.MaxBufferedMessages = 3, e => e.MapEngineIO("/slow-metrics/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/slow-metrics/");
        using (await host.PostAsync(sid, "4flood", "/slow-metrics/"))
        {
        }

        Assert.Equal("transport error", await app.ClosedAsync(sid));
        Assert.True(drops.Total(null) >= 1, "the slow session's drop was counted");
    }

    [Fact]
    public async Task An_event_span_starts_its_own_trace_linked_to_the_request_that_carried_it()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SocketIOTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40");
        var socketId = JsonDocument.Parse((await client.ReceiveAsync())![2..]).RootElement.GetProperty("sid").GetString();
        await client.SendAsync("421[\"echo\",\"traced\"]");
        await client.ReceiveAsync(); // the echo
        await client.ReceiveAsync(); // its ack: the event's span has ended

        var span = Assert.Single(spans, s => s.OperationName == "socketio.event" && (string?)s.GetTagItem("socketio.socket_id") == socketId);
        Assert.Equal("echo", span.GetTagItem("socketio.event"));
        Assert.Equal(default, span.ParentSpanId);
        var link = Assert.Single(span.Links);
        Assert.NotEqual(span.TraceId, link.Context.TraceId);
    }

    /// <summary>Sums a counter's measurements while a test runs, by namespace tag (null: all).</summary>
    private sealed class CounterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string? Namespace, long Value)> _values = new();

        public CounterRecorder(string meter, string instrument)
        {
            _listener.InstrumentPublished = (published, listener) =>
            {
                if (published.Meter.Name == meter && published.Name == instrument)
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? ns = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "socketio.namespace")
                    {
                        ns = tag.Value as string;
                    }
                }

                _values.Enqueue((ns, value));
            });
            _listener.Start();
        }

        public long Total(string? @namespace) => _values.Where(v => @namespace is null || v.Namespace == @namespace).Sum(v => v.Value);

        public void Dispose() => _listener.Dispose();
    }
}
