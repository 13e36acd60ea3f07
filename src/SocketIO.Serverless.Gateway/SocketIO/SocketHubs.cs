using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Adapters;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>The Socket.IO servers of the gateway, one per hub, created on first use.</summary>
internal sealed class SocketHubs : ISocketHubs
{
    private readonly ConcurrentDictionary<string, SocketServer> _servers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ISocketAdapterFactory _adapters;
    private readonly SocketIOMetrics _metrics;
    private readonly SocketIOOptions _options;
    private readonly Recovery.ConnectionStateRecovery _recovery;

    public SocketHubs(ISocketAdapterFactory adapters, SocketIOMetrics metrics, IOptions<SocketIOOptions> options, Recovery.ConnectionStateRecovery recovery)
    {
        _adapters = adapters;
        _recovery = recovery;
        _metrics = metrics;
        _options = options.Value;
    }

    public string DefaultHub => _options.DefaultHub;

    public IEnumerable<SocketServer> All => _servers.Values;

    public ISocketServer Get(string hub) => GetServer(hub);

    public string HubOf(SocketContext socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.Handshake.Hub ?? DefaultHub;
    }

    public SocketServer GetServer(string hub)
    {
        ArgumentException.ThrowIfNullOrEmpty(hub);
        return _servers.GetOrAdd(hub, name => new SocketServer(name, _adapters, _metrics, _options, _recovery));
    }
}
