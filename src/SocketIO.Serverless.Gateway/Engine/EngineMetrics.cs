using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The engine's instruments (meter <c>SocketIO.Serverless.Engine</c>) and its activity source.</summary>
public sealed class EngineMetrics
{
    public const string MeterName = "SocketIO.Serverless.Engine";

    /// <summary>Traces the handshake and the upgrade of sessions.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _opened;
    private readonly Counter<long> _closed;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _upgrades;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _pendingPolls;
    private readonly Counter<long> _slowClientDrops;

    public EngineMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _opened = meter.CreateCounter<long>("engine.sessions.opened", "{session}", "Engine.IO sessions opened");
        _closed = meter.CreateCounter<long>("engine.sessions.closed", "{session}", "Engine.IO sessions closed, by reason");
        _active = meter.CreateUpDownCounter<long>("engine.sessions.active", "{session}", "Engine.IO sessions open now");
        _received = meter.CreateCounter<long>("engine.packets.received", "{packet}", "Engine.IO packets received from clients");
        _sent = meter.CreateCounter<long>("engine.packets.sent", "{packet}", "Engine.IO packets written to clients");
        _upgrades = meter.CreateCounter<long>("engine.upgrades", "{session}", "Sessions upgraded from polling to WebSocket");
        _refused = meter.CreateCounter<long>("engine.requests.refused", "{request}", "Engine.IO requests refused, by error code");
        _pendingPolls = meter.CreateUpDownCounter<long>("engine.polls.pending", "{request}", "Long-polling GET requests held open, waiting for packets");
        _slowClientDrops = meter.CreateCounter<long>("engine.sessions.slow_client_drops", "{session}", "Sessions closed because their send buffer filled (a client reading too slowly)");
    }

    public void SessionOpened(string transport)
    {
        _opened.Add(1, new KeyValuePair<string, object?>("transport", transport));
        _active.Add(1);
    }

    public void SessionClosed(string reason)
    {
        _closed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _active.Add(-1);
    }

    public void PacketsReceived(int count, string transport) => _received.Add(count, new KeyValuePair<string, object?>("transport", transport));

    public void PacketsSent(int count, string transport) => _sent.Add(count, new KeyValuePair<string, object?>("transport", transport));

    public void Upgraded() => _upgrades.Add(1);

    public void PollStarted() => _pendingPolls.Add(1);

    public void PollEnded() => _pendingPolls.Add(-1);

    public void SlowClientDropped() => _slowClientDrops.Add(1);

    public void RequestRefused(int code) => _refused.Add(1, new KeyValuePair<string, object?>("code", code));
}
