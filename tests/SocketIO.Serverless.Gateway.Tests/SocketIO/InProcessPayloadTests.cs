using System.Net;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>How the in-process API turns .NET values into Socket.IO arguments and back (the Protocol's SocketBinary underneath).</summary>
public sealed class InProcessPayloadTests
{
    private readonly RecordingSocketServer _server = new();

    [Fact]
    public async Task Emit_turns_binary_values_anywhere_into_placeholders_and_attachments_in_order()
    {
        var socket = Socket();

        await socket.EmitAsync("file", new byte[] { 1 }, new { inner = new { data = new ReadOnlyMemory<byte>([2, 3]) }, list = new object[] { new ArraySegment<byte>([4]) } }, "你好");

        var sent = Assert.Single(_server.Broadcasts);
        Assert.Equal(
            """["file",{"_placeholder":true,"num":0},{"inner":{"data":{"_placeholder":true,"num":1}},"list":[{"_placeholder":true,"num":2}]},"你好"]""",
            sent.Data.GetRawText());
        Assert.Equal([[1], [2, 3], [4]], sent.Attachments.Select(a => a.ToArray()));
        Assert.Equal([socket.Id], sent.Rooms);
    }

    [Fact]
    public async Task Plain_values_serialize_as_json_with_web_defaults()
    {
        await new InProcessBroadcastOperator(_server, "/").To("r").Except("x").EmitAsync("news", 1, "two", null, new { ThreeFour = true });

        var sent = Assert.Single(_server.Broadcasts);
        Assert.Equal("""["news",1,"two",null,{"threeFour":true}]""", sent.Data.GetRawText());
        Assert.Empty(sent.Attachments);
        Assert.Equal(["r"], sent.Rooms);
        Assert.Equal(["x"], sent.Except);
    }

    [Fact]
    public void Arguments_read_their_placeholders_back_as_bytes_at_any_depth()
    {
        var e = Event("""[{"name":"f","data":{"_placeholder":true,"num":1}},{"_placeholder":true,"num":0}]""", [9], [7, 8]);

        var file = e.Arg<FileArgument>(0)!;
        Assert.Equal("f", file.Name);
        Assert.Equal([7, 8], file.Data);
        Assert.Equal([9], e.Arg<byte[]>(1));
        using var stream = e.Arg<Stream>(1)!;
        Assert.Equal(1, stream.Length);
    }

    [Fact]
    public void A_placeholder_pointing_past_the_attachments_is_a_clear_error()
    {
        var e = Event("""[{"_placeholder":true,"num":3}]""", [1]);

        var error = Assert.Throws<JsonException>(() => e.Arg<byte[]>(0));
        Assert.Contains("placeholder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ack_carries_binary_values_as_attachments_and_the_first_ack_wins()
    {
        var e = Event("[]");

        e.Ack(4, new { data = new byte[] { 5, 6 } });
        e.Ack("ignored");

        Assert.Equal("""[4,{"data":{"_placeholder":true,"num":0}}]""", e.AckValue!.Arguments.GetRawText());
        Assert.Equal([5, 6], Assert.Single(e.AckValue.Attachments).ToArray());
    }

    [Fact]
    public async Task EmitWithAck_sends_placeholders_and_returns_the_clients_answer()
    {
        var answer = new SocketAck(JsonDocument.Parse("""["ok"]""").RootElement, []);
        _server.NextAck = answer;

        var ack = await Socket().EmitWithAckAsync("question", TimeSpan.FromSeconds(5), new byte[] { 1 });

        Assert.Same(answer, ack);
        var sent = Assert.Single(_server.Broadcasts);
        Assert.Equal("""["question",{"_placeholder":true,"num":0}]""", sent.Data.GetRawText());
        Assert.Equal([1], Assert.Single(sent.Attachments).ToArray());
    }

    private InProcessSocket Socket() =>
        new(new SocketContext("sock-1", "/", "conn-1", new EngineHandshake(new Dictionary<string, string>(), new Dictionary<string, string>(), IPAddress.Loopback, false, "/socket.io/", DateTimeOffset.UnixEpoch), null), _server);

    private InProcessEvent Event(string arguments, params byte[][] attachments) =>
        new(Socket(), new SocketEvent("upload", JsonDocument.Parse(arguments).RootElement, attachments.Select(a => new ReadOnlyMemory<byte>(a)).ToArray(), AckId: 1, PacketText: "421[\"upload\"]"));

    private sealed record FileArgument(string Name, byte[] Data);

    private sealed record Sent(IReadOnlyCollection<string> Rooms, IReadOnlyCollection<string> Except, JsonElement Data, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);

    /// <summary>Records what the in-process API hands to the server; knows no sockets.</summary>
    private sealed class RecordingSocketServer : ISocketServer
    {
        public List<Sent> Broadcasts { get; } = [];

        public SocketAck? NextAck { get; set; }

        public string Hub => "hub";

        public Task<int?> BroadcastAsync(string @namespace, BroadcastTarget target, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, CancellationToken cancellationToken = default)
        {
            Broadcasts.Add(new Sent(target.Rooms, target.ExceptRooms, data, attachments));
            return Task.FromResult<int?>(1);
        }

        public Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Broadcasts.Add(new Sent([socketId], [], data, attachments));
            return NextAck is { } ack ? Task.FromResult(ack) : Task.FromException<SocketAck>(new TimeoutException());
        }

        public Task<bool> JoinAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<bool> LeaveAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task SocketsJoinAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SocketsLeaveAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int?> DisconnectSocketsAsync(string @namespace, BroadcastTarget target, bool close, CancellationToken cancellationToken = default) => Task.FromResult<int?>(0);

        public Task<bool> CloseConnectionAsync(string connectionId, string reason, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<string?> FindSocketAsync(string connectionId, string @namespace, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

        public Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(string @namespace, BroadcastTarget target, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SocketInfo>>([]);

        public Task<IReadOnlyCollection<string>?> RoomsOfAsync(string @namespace, string socketId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyCollection<string>?>(null);
    }
}
