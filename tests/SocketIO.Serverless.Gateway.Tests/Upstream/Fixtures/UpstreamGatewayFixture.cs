using System.Globalization;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.Management;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Gateway.Upstream;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;

/// <summary>
/// The real gateway in-process on 127.0.0.1:0 with the HTTP upstream pointed at a <see cref="FakeFunctionApp"/>,
/// and the management API mapped. Hub <c>down</c> points at a port nobody listens on.
/// </summary>
public sealed class UpstreamGatewayFixture : IAsyncLifetime
{
    public const string AccessKey = "test-access-key";
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(2);

    /// <summary>SocketIO:AckTimeout: what a management emitWithAck without ?timeout waits.</summary>
    public const int AckTimeout = 700;

    private LoopbackApp? _gateway;

    public FakeFunctionApp Functions { get; private set; } = null!;

    public Uri BaseAddress => Gateway.BaseAddress;

    public string Url => Gateway.Url;

    public string ConnectionString => $"Endpoint={Url};AccessKey={AccessKey};Version=1.0;";

    public IServiceProvider Services => Gateway.Services;

    private LoopbackApp Gateway => _gateway ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync()
    {
        Functions = await FakeFunctionApp.StartAsync().ConfigureAwait(false);
        _gateway = await LoopbackApp.StartGatewayAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Conformance,
                ["Gateway:ServeStaticFiles"] = "false",
                ["Engine:Cors:Origins:0"] = "*",
                ["Upstream:UrlTemplate"] = Functions.BaseAddress.ToString().TrimEnd('/') + "/api/socketio{namespace}/{event}",
                ["Upstream:Hubs:down:UrlTemplate"] = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/api/{{event}}",
                ["Upstream:AccessKey"] = AccessKey,
                ["SocketIO:AckTimeout"] = AckTimeout.ToString(CultureInfo.InvariantCulture),
                // These tests register only the functions they look at: a namespace without a connect one is open.
                ["Upstream:AcceptConnectWithoutHandler"] = "true",
                ["Upstream:Timeout"] = UpstreamTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["Upstream:Namespaces:0"] = "/",
                ["Upstream:Namespaces:1"] = "/admin",
                ["Upstream:Namespaces:2"] = "/state",
                ["Upstream:Namespaces:3"] = "/broken",
                ["Upstream:Namespaces:4"] = "/slow",
            },
            builder => builder.Services.AddUpstream(builder.Configuration),
            app => app.MapManagementApi()).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }

        if (Functions is not null)
        {
            await Functions.DisposeAsync().ConfigureAwait(false);
        }
    }
}
