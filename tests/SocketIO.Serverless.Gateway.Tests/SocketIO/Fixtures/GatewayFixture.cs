using System.Globalization;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Hosting;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

/// <summary>
/// The real gateway, started in-process on 127.0.0.1:0 with the <see cref="TestApplication"/>, shared by the tests
/// of a class. Heartbeat and limits are tightened so that ping timeouts and oversized payloads show in seconds.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const int PingInterval = 1_000;
    public const int PingTimeout = 2_000;
    public const int ConnectTimeout = 3_000;
    public const int MaxHttpBufferSize = 100_000;

    private LoopbackApp? _gateway;

    /// <summary>The gateway's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => Gateway.BaseAddress;

    public string Url => Gateway.Url;

    public IServiceProvider Services => Gateway.Services;

    private LoopbackApp Gateway => _gateway ?? throw new InvalidOperationException("The gateway is not started.");

    public async Task InitializeAsync() =>
        _gateway = await LoopbackApp.StartGatewayAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Conformance,
                ["Engine:PingInterval"] = PingInterval.ToString(CultureInfo.InvariantCulture),
                ["Engine:PingTimeout"] = PingTimeout.ToString(CultureInfo.InvariantCulture),
                ["Engine:MaxHttpBufferSize"] = MaxHttpBufferSize.ToString(CultureInfo.InvariantCulture),
                ["Engine:Cors:Origins:0"] = "*",
                ["SocketIO:ConnectTimeout"] = ConnectTimeout.ToString(CultureInfo.InvariantCulture),
            },
            builder => builder.Services.AddInProcessSocketApplication(TestApplication.Configure)).ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }
    }
}
