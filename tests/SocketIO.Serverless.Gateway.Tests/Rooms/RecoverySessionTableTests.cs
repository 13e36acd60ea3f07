using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Recovery;
using SocketIO.Serverless.Gateway.Rooms;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Rooms;

/// <summary>Recovery sessions in a real Azurite table, as two gateways (two <see cref="RoomTable"/>s) see them.</summary>
public sealed class RecoverySessionTableTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);
    private static readonly RoomNamespace Ns = new("hub", "/");
    private Azurite? _azurite;
    private RoomTable _dead = null!;
    private RoomTable _live = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        var client = new TableClient(_azurite.ConnectionString, "sessions" + Guid.NewGuid().ToString("N")[..8]);
        var metrics = new RoomsMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        _dead = new RoomTable(client, "gateway-dead", new RoomsOptions(), metrics, TimeProvider.System) { KeepSessions = true };
        _live = new RoomTable(client, "gateway-live", new RoomsOptions(), metrics, TimeProvider.System) { KeepSessions = true };
        await _live.CreateIfNotExistsAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dead_gateways_socket_becomes_a_session_another_gateway_takes_once_with_its_rooms_and_data()
    {
        var socket = new SocketRecord("sid1", "conn1", "ann", "{\"n\":1}") { Pid = "sid1.secret" };
        await _dead.WriteAsync(Ns, [(socket, ["sid1", "lobby"])], CancellationToken.None);

        Assert.Equal(1, await _live.RemoveInstanceAsync("gateway-dead", CancellationToken.None));

        Assert.Null(await Take("sid1.wrong-secret"));
        var session = await Take("sid1.secret");
        Assert.NotNull(session);
        Assert.Equal("sid1", session.SocketId);
        Assert.Equal(["lobby", "sid1"], session.Rooms.Order(StringComparer.Ordinal));
        Assert.Equal("{\"n\":1}", session.Data);
        Assert.Equal("ann", session.UserId);
        Assert.Null(await Take("sid1.secret"));
        Assert.Empty(await _live.StoredRoomsAsync(Ns, "sid1", CancellationToken.None));
    }

    [Fact]
    public async Task A_session_past_the_window_is_not_taken_and_the_sweep_removes_expired_ones()
    {
        var socket = new SocketRecord("sid2", "conn2", null, null) { Pid = "sid2.secret" };
        var other = new SocketRecord("sid3", "conn3", null, null) { Pid = "sid3.secret" };
        await _dead.WriteAsync(Ns, [(socket, ["sid2"]), (other, ["sid3"])], CancellationToken.None);
        Assert.Equal(2, await _live.RemoveInstanceAsync("gateway-dead", CancellationToken.None));

        Assert.Null(await _live.TakeSessionAsync(Ns, "sid2.secret", TimeSpan.Zero, TimeSpan.Zero, (_, _) => Task.FromResult(false), CancellationToken.None));
        Assert.Equal(1, await _live.RemoveExpiredSessionsAsync(Ns, TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await Take("sid3.secret"));
    }

    [Fact]
    public async Task A_live_socket_another_gateway_still_holds_is_not_taken_over_but_one_whose_gateway_is_gone_is()
    {
        var socket = new SocketRecord("sid4", "conn4", null, "\"d\"") { Pid = "sid4.secret" };
        await _dead.WriteAsync(Ns, [(socket, ["sid4", "room"])], CancellationToken.None);

        Assert.Null(await _live.TakeSessionAsync(Ns, "sid4.secret", Window, TimeSpan.Zero, (_, _) => Task.FromResult(true), CancellationToken.None));
        var taken = await _live.TakeSessionAsync(Ns, "sid4.secret", Window, TimeSpan.Zero, (_, _) => Task.FromResult(false), CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Contains("room", taken.Rooms);
        Assert.Equal("\"d\"", taken.Data);
        Assert.Empty(await _live.StoredRoomsAsync(Ns, "sid4", CancellationToken.None));
    }

    [Fact]
    public async Task A_socket_that_left_on_purpose_leaves_no_session()
    {
        var socket = new SocketRecord("sid5", "conn5", null, null) { Pid = "sid5.secret" };
        await _live.WriteAsync(Ns, [(socket, ["sid5"])], CancellationToken.None);
        await _live.RemoveSocketAsync(Ns, "sid5", "gateway-live", CancellationToken.None);
        await _live.ForgetSessionAsync(Ns, "sid5", CancellationToken.None);

        Assert.Null(await Take("sid5.secret"));
    }

    private Task<RecoverySession?> Take(string pid) =>
        _live.TakeSessionAsync(Ns, pid, Window, TimeSpan.Zero, (_, _) => Task.FromResult(false), CancellationToken.None);
}
