namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>One host running the ASP.NET Core integration test app, shared by the tests of a class.</summary>
public sealed class AspNetCoreHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await RunningHost.StartAsync(TestApps.AspNetCore);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One host running the classic (RpcHttp) test app.</summary>
public sealed class ClassicHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await RunningHost.StartAsync(TestApps.Classic);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
