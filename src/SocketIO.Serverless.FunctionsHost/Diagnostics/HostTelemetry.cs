using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.FunctionsHost.Diagnostics;

/// <summary>Traces and metrics of the host, under the name <see cref="Name"/>.</summary>
public sealed class HostTelemetry : IDisposable
{
    public const string Name = "SocketIO.Serverless.FunctionsHost";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public HostTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Invocations = _meter.CreateCounter<long>("functions_host.invocations", description: "HTTP invocations, tagged by function and outcome.");
        InvocationDuration = _meter.CreateHistogram<double>("functions_host.invocation.duration", unit: "s", description: "Time from request to response, per function.");
        WorkerRestarts = _meter.CreateCounter<long>("functions_host.worker.restarts", description: "Worker processes started after the first.");
    }

    public Counter<long> Invocations { get; }

    public Histogram<double> InvocationDuration { get; }

    public Counter<long> WorkerRestarts { get; }

    public void RecordInvocation(string function, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "function", function }, { "outcome", outcome } };
        Invocations.Add(1, tags);
        InvocationDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
