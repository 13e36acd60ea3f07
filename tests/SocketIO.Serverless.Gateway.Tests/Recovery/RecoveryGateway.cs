using System.Globalization;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

namespace SocketIO.Serverless.Gateway.Tests.Recovery;

/// <summary>The real gateway in-process with the <see cref="TestApplication"/> and connection state recovery on.</summary>
public abstract class RecoveryGateway : IAsyncLifetime
{
    private LoopbackApp? _gateway;

    protected RecoveryGateway(int maxDisconnectionDuration)
    {
        MaxDisconnectionDuration = maxDisconnectionDuration;
    }

    public int MaxDisconnectionDuration { get; }

    public string Url => (_gateway ?? throw new InvalidOperationException("The gateway is not started.")).Url;

    public IServiceProvider Services => (_gateway ?? throw new InvalidOperationException("The gateway is not started.")).Services;

    public async Task InitializeAsync() =>
        _gateway = await LoopbackApp.StartGatewayAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Conformance,
                ["Engine:PingInterval"] = "1000",
                ["Engine:PingTimeout"] = "2000",
                ["SocketIO:ConnectionStateRecovery:Enabled"] = "true",
                ["SocketIO:ConnectionStateRecovery:MaxDisconnectionDuration"] = MaxDisconnectionDuration.ToString(CultureInfo.InvariantCulture),
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

/// <summary>Recovery with Node's default window (2 minutes): a client that comes back at once is recovered.</summary>
public sealed class RecoveryGatewayFixture() : RecoveryGateway(120_000);

/// <summary>Recovery with a 1 s window, to show a session expiring.</summary>
public sealed class ShortRecoveryGatewayFixture() : RecoveryGateway(1_000);
