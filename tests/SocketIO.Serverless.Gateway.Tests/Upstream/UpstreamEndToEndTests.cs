using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;
using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Upstream;

/// <summary>
/// The real socket.io-client → the real gateway → its HTTP upstream → a fake function app: what the functions receive
/// (CloudEvents headers, signature, bodies, order) and what the client gets back (acks, connect errors).
/// </summary>
public sealed class UpstreamEndToEndTests : IClassFixture<UpstreamGatewayFixture>
{
    private readonly UpstreamGatewayFixture _gateway;

    public UpstreamEndToEndTests(UpstreamGatewayFixture gateway)
    {
        _gateway = gateway;
        FakeFunctions.Register(gateway);
    }

    [Theory]
    [InlineData("polling")]
    [InlineData("websocket")]
    public async Task Events_reach_functions_as_signed_cloud_events_in_order_and_acks_come_back(string transport)
    {
        var marker = await RunAsync("events", transport);
        var connect = await ConnectOf(marker, "/");
        Assert.Equal("1.0", connect.Header("ce-specversion"));
        Assert.Equal(CloudEventTypes.Connect, connect.Header("ce-type"));
        Assert.Equal("connect", connect.Header("ce-eventName"));
        Assert.Equal("hub", connect.Header("ce-hub"));
        Assert.Equal("/", connect.Header("ce-namespace"));
        var connectionId = connect.Header("ce-connectionId");
        Assert.Equal($"/hubs/hub/client/{connectionId}", connect.Header("ce-source"));
        Assert.True(UpstreamSignature.IsValid(connect.Header("ce-signature"), connectionId, UpstreamGatewayFixture.AccessKey));
        Assert.False(string.IsNullOrEmpty(connect.Header("ce-id")));
        Assert.True(DateTimeOffset.TryParse(connect.Header("ce-time"), out _));
        Assert.Equal("localhost", connect.Header("WebHook-Request-Origin"));
        Assert.StartsWith("application/json", connect.ContentType, StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(connect.Body))
        {
            Assert.Equal(marker, body.RootElement.GetProperty("auth").GetProperty("marker").GetString());
            Assert.Equal("4", body.RootElement.GetProperty("query").GetProperty("EIO")[0].GetString());
            Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("headers").ValueKind);
        }

        var socketId = connect.SocketId!;
        var events = _gateway.Functions.Requests.Where(r => r.SocketId == socketId && r.EventType == CloudEventTypes.UserMessage).ToList();
        Assert.Equal(["first", "nohandler", "second", "message", "file"], events.Select(e => e.Header("ce-eventName")));
        Assert.Equal("42[\"first\",1]", events[0].Body);
        Assert.StartsWith("text/plain; charset=utf-8", events[0].ContentType, StringComparison.Ordinal);
        Assert.Equal("451-0[\"file\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID", events[4].Body.Replace("451-1[", "451-0[", StringComparison.Ordinal));
        Assert.All(events, e => Assert.True(UpstreamSignature.IsValid(e.Header("ce-signature"), connectionId, UpstreamGatewayFixture.AccessKey)));

        var admin = await ConnectOf(marker, "/admin");
        var command = _gateway.Functions.Requests.Single(r => r.SocketId == admin.SocketId && r.EventType == CloudEventTypes.UserMessage);
        Assert.Equal("/api/socketio/admin/admin command", command.Path);
        Assert.Equal("admin command", command.Header("ce-eventName"));
        Assert.Equal("/admin", command.Header("ce-namespace"));
        Assert.Equal(connectionId, command.Header("ce-connectionId"));

        var disconnected = await _gateway.Functions.WaitForAsync(r => r.SocketId == socketId && r.EventType == CloudEventTypes.Disconnected);
        using (var reason = JsonDocument.Parse(disconnected.Body))
        {
            Assert.Equal("client namespace disconnect", reason.RootElement.GetProperty("reason").GetString());
        }

        var requests = _gateway.Functions.Requests.ToList();
        var connected = requests.FindIndex(r => r.SocketId == socketId && r.EventType == CloudEventTypes.Connected);
        Assert.InRange(connected, 0, requests.IndexOf(disconnected) - 1);
    }

    [Fact]
    public async Task Rejections_and_failing_connect_handlers_reach_the_client_as_connect_errors()
    {
        var marker = await RunAsync("rejects");
        var rejected = await ConnectOf(marker, "/admin");
        Assert.DoesNotContain(_gateway.Functions.Requests, r => r.SocketId == rejected.SocketId && r.EventType == CloudEventTypes.Connected);
    }

    [Fact]
    public async Task A_crashing_or_hanging_function_is_counted_and_the_socket_keeps_working_in_order()
    {
        using var failures = new FailureRecorder();
        var marker = await RunAsync("failures");
        var socketId = (await ConnectOf(marker, "/")).SocketId;
        var events = _gateway.Functions.Requests.Where(r => r.SocketId == socketId && r.EventType == CloudEventTypes.UserMessage).Select(r => r.Header("ce-eventName"));
        Assert.Equal(["crash", "hang", "message"], events);
        Assert.Contains("status", failures.Kinds);
        Assert.Contains("timeout", failures.Kinds);
    }

    [Fact]
    public async Task Connection_state_set_by_a_function_is_sent_back_on_later_events()
    {
        var marker = await RunAsync("state");
        var connect = await ConnectOf(marker, "/state");
        Assert.False(connect.Headers.ContainsKey("ce-connectionState"));
        var disconnected = await _gateway.Functions.WaitForAsync(r => r.SocketId == connect.SocketId && r.EventType == CloudEventTypes.Disconnected);
        var messages = _gateway.Functions.Requests.Where(r => r.SocketId == connect.SocketId && r.EventType == CloudEventTypes.UserMessage).ToList();
        Assert.Equal("c3RhdGU=", messages[0].Header("ce-connectionState"));
        Assert.Equal("bmV3", messages[1].Header("ce-connectionState"));
        Assert.Equal("bmV3", disconnected.Header("ce-connectionState"));
    }

    [Fact]
    public async Task A_function_can_ask_the_client_that_sent_the_event_it_is_handling()
    {
        await RunAsync("ask");
    }

    [Fact]
    public async Task Liveness_ignores_the_function_hosts_and_readiness_reports_an_unreachable_one()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        using var live = await http.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);

        // Hub "down" points at a port nobody listens on: the gateway is alive but not ready.
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var health = _gateway.Services.GetRequiredService<HealthCheckService>();
        var upstream = (await health.CheckHealthAsync(check => check.Name == "upstream")).Entries["upstream"];
        Assert.Equal(HealthStatus.Unhealthy, upstream.Status);
        Assert.Contains("unreachable", upstream.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(_gateway.Functions.BaseAddress.ToString(), upstream.Description, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(string scenario, string? transport = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var arguments = new List<string> { "upstream/client.mjs", _gateway.Url, scenario, marker };
        await NodeScript.RunAndAssertSuccessAsync(arguments[0], arguments.Skip(1).Concat(transport is null ? [] : [transport]));
        return marker;
    }

    private Task<UpstreamRequest> ConnectOf(string marker, string @namespace) =>
        _gateway.Functions.WaitForAsync(r => r.EventType == CloudEventTypes.Connect && r.Headers.GetValueOrDefault("ce-namespace") == @namespace && r.Body.Contains(marker, StringComparison.Ordinal));

    /// <summary>Listens to the upstream's failure counter while a test runs.</summary>
    private sealed class FailureRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _kinds = [];

        public FailureRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == UpstreamMetrics.MeterName && instrument.Name == "socketio.upstream.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "failure" && tag.Value is string kind)
                    {
                        lock (_kinds)
                        {
                            _kinds.Add(kind);
                        }
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Kinds
        {
            get
            {
                lock (_kinds)
                {
                    return [.. _kinds];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
