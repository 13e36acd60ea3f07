using SocketIO.Serverless.Gateway.Management;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Tests.Recovery;

/// <summary>The room targeting the Functions SDK encodes as OData filters, read back as rooms (so sends to rooms are replayed to recovering sockets).</summary>
public sealed class RoomFilterTests
{
    private static string In(string room) => $"'{SocketIOGroup.ForRoom("/", room).Name}' in groups";

    [Fact]
    public void To_several_rooms_except_some_reads_back_as_those_rooms_and_except_rooms()
    {
        var (ok, rooms, except) = Translate($"({In("a")} or {In("b")}) and not ({In("c")} or {In("d")})");
        Assert.True(ok);
        Assert.Equal(["a", "b"], rooms);
        Assert.Equal(["c", "d"], except);
    }

    [Fact]
    public void Only_exceptions_read_back_as_every_socket_but_those()
    {
        var (ok, rooms, except) = Translate($"not ({In("sid")})");
        Assert.True(ok);
        Assert.Empty(rooms);
        Assert.Equal(["sid"], except);
    }

    [Fact]
    public void The_namespace_group_is_every_socket()
    {
        var (ok, rooms, _) = Translate($"'{SocketIOGroup.ForNamespace("/").Name}' in groups");
        Assert.True(ok);
        Assert.Empty(rooms);
    }

    [Theory]
    [InlineData("userId eq 'ann'")]
    [InlineData("connectionId ne 'x'")]
    public void Other_filters_are_not_translated(string filter) => Assert.False(Translate(filter).Ok);

    [Fact]
    public void An_intersection_of_rooms_or_another_namespace_is_not_translated()
    {
        Assert.False(Translate($"({In("a")}) and ({In("b")})").Ok);
        Assert.False(Translate($"'{SocketIOGroup.ForRoom("/other", "a").Name}' in groups").Ok);
    }

    private static (bool Ok, List<string> Rooms, List<string> Except) Translate(string text)
    {
        Assert.True(ODataFilter.TryParse(text, out var filter, out var error), error);
        var ok = RoomFilter.TryTranslate(filter, "/", out var rooms, out var except);
        return (ok, rooms, except);
    }
}
