using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

/// <summary>
/// Instruments of scale-out over Redis (meter <see cref="MeterName"/>): messages published, cross-gateway requests
/// by operation and outcome with their duration, failures, and whether Redis is connected.
/// </summary>
public sealed class RedisMetrics
{
    public const string MeterName = "SocketIO.Serverless.Gateway.Redis";

    private readonly Counter<long> _published;
    private readonly Counter<long> _received;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _failures;
    private int _connected;

    public RedisMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("socketio.redis.published", "{message}", "Messages published to the other gateways, by kind (broadcast, request, response).");
        _received = meter.CreateCounter<long>("socketio.redis.received", "{message}", "Messages received from other gateways, by kind.");
        _requests = meter.CreateCounter<long>("socketio.redis.requests", "{request}", "Cross-gateway requests this gateway made, by operation and outcome (ok, not_found, timeout, unavailable).");
        _requestDuration = meter.CreateHistogram<double>("socketio.redis.request.duration", "ms", "Time a cross-gateway request took, until every gateway concerned answered.");
        _failures = meter.CreateCounter<long>("socketio.redis.failures", "{failure}", "Cross-gateway operations that failed because Redis was unreachable, by operation.");
        meter.CreateObservableGauge("socketio.redis.connected", () => Volatile.Read(ref _connected), "{connection}", "1 while this gateway is connected to Redis, else 0.");
    }

    public void Published(string kind) => _published.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Received(string kind) => _received.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Request(string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _requestDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Failure(string operation) => _failures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void Connected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);
}
