namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>
/// The part of socket.io-client's own test server (its test/support/server.ts) that its connection state recovery
/// test talks to, namespace "/": <c>hi</c> emits <c>hi</c> back; <c>echo</c> acks its argument. Run with
/// <c>scripts/client-recovery-server PORT</c> (recovery on, pingInterval 2000, as that server; docs/recovery.md).
/// </summary>
public static class ClientSuiteApplication
{
    public static void Configure(InProcessApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnConnection("/", socket =>
        {
            socket.On("hi", async _ => await socket.EmitAsync("hi").ConfigureAwait(false));
            socket.On("echo", e => e.AckWithArguments());
        });
    }
}
