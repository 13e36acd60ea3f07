using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>Counters of upstream invocations and their failures (meter <see cref="MeterName"/>).</summary>
public sealed class UpstreamMetrics
{
    public const string MeterName = "SocketIO.Serverless.Gateway.Upstream";

    private readonly Counter<long> _invocations;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;

    public UpstreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _invocations = meter.CreateCounter<long>("socketio.upstream.invocations", description: "Upstream invocations, by event type and outcome.");
        _failures = meter.CreateCounter<long>("socketio.upstream.failures", description: "Upstream invocations that failed (status, timeout, unreachable, invalid response).");
        _duration = meter.CreateHistogram<double>("socketio.upstream.duration", unit: "ms", description: "Time from sending an upstream request to its answer.");
    }

    public void Completed(string eventType, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "event.type", eventType }, { "outcome", outcome } };
        _invocations.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Failed(string eventType, string @namespace, string failure) =>
        _failures.Add(1, new TagList { { "event.type", eventType }, { "namespace", @namespace }, { "failure", failure } });
}
