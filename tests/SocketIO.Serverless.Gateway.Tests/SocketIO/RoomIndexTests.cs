using SocketIO.Serverless.Gateway.Adapters;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

public sealed class RoomIndexTests
{
    private readonly RoomIndex _rooms = new();

    public RoomIndexTests()
    {
        _rooms.AddAll("a", ["a", "r1"]);
        _rooms.AddAll("b", ["b", "r1", "r2"]);
        _rooms.AddAll("c", ["c", "r2"]);
        _rooms.AddAll("d", ["d"]);
    }

    [Fact]
    public void No_rooms_selects_every_socket() =>
        Assert.Equal(["a", "b", "c", "d"], _rooms.Select([], []).Order());

    [Fact]
    public void Several_rooms_select_each_socket_once() =>
        Assert.Equal(["a", "b", "c"], _rooms.Select(["r1", "r2", "r1"], []).Order());

    [Fact]
    public void Except_rooms_leave_out_their_members_even_when_they_are_in_a_target_room() =>
        Assert.Equal(["c"], _rooms.Select(["r1", "r2"], ["r1"]).Order());

    [Fact]
    public void A_socket_id_is_a_room_so_a_broadcast_can_skip_the_sender() =>
        Assert.Equal(["a", "c", "d"], _rooms.Select([], ["b"]).Order());

    [Fact]
    public void Leaving_a_room_removes_only_that_membership()
    {
        _rooms.Remove("b", "r1");
        Assert.Equal(["a"], _rooms.Select(["r1"], []));
        Assert.Equal(["b", "r2"], _rooms.RoomsOf("b")!.Order());
    }

    [Fact]
    public void Removing_a_socket_forgets_it_and_its_empty_rooms()
    {
        _rooms.RemoveAll("c");
        _rooms.RemoveAll("b");
        Assert.Null(_rooms.RoomsOf("c"));
        Assert.Empty(_rooms.Select(["r2"], []));
        Assert.Equal(["a", "d"], _rooms.Select([], []).Order());
    }

    [Fact]
    public void Unknown_rooms_select_nobody() =>
        Assert.Empty(_rooms.Select(["nowhere"], []));

    [Fact]
    public async Task Concurrent_joins_and_leaves_keep_the_index_consistent()
    {
        var rooms = new RoomIndex();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var socket = $"s{worker}-{i}";
                rooms.AddAll(socket, [socket, "shared"]);
                _ = rooms.Select(["shared"], []);
                if (i % 2 == 0)
                {
                    rooms.RemoveAll(socket);
                }
            }
        })));
        Assert.Equal(8 * 250, rooms.Select(["shared"], []).Count);
        Assert.Equal(8 * 250, rooms.Select([], []).Count);
    }
}
