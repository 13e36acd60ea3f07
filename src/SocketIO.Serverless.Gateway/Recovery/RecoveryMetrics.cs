using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>Instruments of connection state recovery (meter <see cref="MeterName"/>).</summary>
public sealed class RecoveryMetrics
{
    public const string MeterName = "SocketIO.Serverless.Gateway.Recovery";

    private readonly Counter<long> _kept;
    private readonly Counter<long> _recovered;
    private readonly Counter<long> _fresh;
    private readonly Counter<long> _replayed;

    internal RecoveryMetrics(IMeterFactory meterFactory, Func<(long Packets, long Bytes)> buffered)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _kept = meter.CreateCounter<long>("socketio.recovery.sessions_kept", "{session}", "Sockets that dropped abnormally and were kept as recoverable sessions.");
        _recovered = meter.CreateCounter<long>("socketio.recovery.recovered", "{socket}", "Sockets that came back as themselves.");
        _fresh = meter.CreateCounter<long>("socketio.recovery.not_recovered", "{socket}", "Clients that asked to recover and came back as new sockets, by why (unknown, expired, evicted, unavailable).");
        _replayed = meter.CreateCounter<long>("socketio.recovery.replayed_packets", "{packet}", "Missed packets replayed to recovered sockets.");
        meter.CreateObservableGauge("socketio.recovery.buffered_packets", () => buffered().Packets, "{packet}", "Packets this gateway keeps for replay.");
        meter.CreateObservableGauge("socketio.recovery.buffered_bytes", () => buffered().Bytes, "By", "Estimated bytes of the packets this gateway keeps for replay.");
    }

    public void SessionKept() => _kept.Add(1);

    public void Recovered(int replayed)
    {
        _recovered.Add(1);
        _replayed.Add(replayed);
    }

    public void NotRecovered(string why) => _fresh.Add(1, new KeyValuePair<string, object?>("why", why));
}
