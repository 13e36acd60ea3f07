using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>Instruments of the rooms table (meter <see cref="MeterName"/>): operations by outcome, their duration, rows written, repairs waiting.</summary>
public sealed class RoomsMetrics
{
    public const string MeterName = "SocketIO.Serverless.Gateway.Rooms";

    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _cleanedSockets;
    private long _pendingRepairs;

    public RoomsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _operations = meter.CreateCounter<long>("socketio.rooms.operations", "{operation}", "Rooms table operations, by operation and outcome (ok, failed).");
        _duration = meter.CreateHistogram<double>("socketio.rooms.duration", "ms", "Time a rooms table operation took, retries included.");
        _rows = meter.CreateCounter<long>("socketio.rooms.rows_written", "{row}", "Rows upserted or deleted in the rooms table.");
        _cleanedSockets = meter.CreateCounter<long>("socketio.rooms.cleaned_sockets", "{socket}", "Sockets of dead (or restarted) gateways whose rows were removed.");
        meter.CreateObservableGauge("socketio.rooms.pending_repairs", () => Interlocked.Read(ref _pendingRepairs), "{socket}", "Sockets whose rows failed to write and wait for a repair.");
    }

    public void Operation(string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
        _operations.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void RowsWritten(int count) => _rows.Add(count);

    public void SocketsCleaned(int count) => _cleanedSockets.Add(count);

    public void PendingRepairs(int count) => Interlocked.Exchange(ref _pendingRepairs, count);
}
