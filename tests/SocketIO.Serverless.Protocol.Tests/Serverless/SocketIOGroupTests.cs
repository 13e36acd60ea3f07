using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class SocketIOGroupTests
{
    [Theory]
    [InlineData("/", "rm", "0~Lw~cm0")]
    [InlineData("/ns", "rm", "0~L25z~cm0")]
    public void Room_groups_match_the_managed_services_examples(string @namespace, string room, string expected)
    {
        Assert.Equal(expected, SocketIOGroup.ForRoom(@namespace, room).Name);
    }

    [Fact]
    public void Namespace_group_ends_with_the_separator()
    {
        Assert.Equal("0~L25z~", SocketIOGroup.ForNamespace("/ns").Name);
    }

    [Theory]
    [InlineData("/", "room 1")]
    [InlineData("/admin", "房间")]
    [InlineData("/a/b", "x~y/z?#")]
    public void Round_trips_any_names(string @namespace, string room)
    {
        var group = SocketIOGroup.Parse(SocketIOGroup.ForRoom(@namespace, room).Name);
        Assert.Equal(@namespace, group.Namespace);
        Assert.Equal(room, group.Room);
        Assert.False(group.IsNamespace);
    }

    [Fact]
    public void Parses_a_namespace_group()
    {
        var group = SocketIOGroup.Parse("0~L2FkbWlu~");
        Assert.Equal("/admin", group.Namespace);
        Assert.Null(group.Room);
        Assert.True(group.IsNamespace);
    }

    [Fact]
    public void Accepts_padded_base64()
    {
        Assert.Equal("/admin", SocketIOGroup.Parse("0~L2FkbWlu~cm9vbQ==").Namespace);
    }

    [Theory]
    [InlineData("")]
    [InlineData("room")]
    [InlineData("1~Lw~cm0")]
    [InlineData("0~Lw")]
    [InlineData("0~Lw~cm0~x")]
    [InlineData("0~cm0~cm0")]
    [InlineData("0~L!~cm0")]
    [InlineData("0~Lw~/w")]
    public void Rejects_names_that_are_not_socket_io_groups_with_a_reason(string name)
    {
        Assert.False(SocketIOGroup.TryParse(name, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => SocketIOGroup.Parse(name));
    }

    [Fact]
    public void Rejects_invalid_utf8()
    {
        // 0xFF is never valid UTF-8.
        Assert.False(SocketIOGroup.TryParse("0~Lw~_w", out _, out _));
    }

    [Fact]
    public void Namespaces_must_start_with_a_slash()
    {
        Assert.Throws<ArgumentException>(() => SocketIOGroup.ForNamespace("admin"));
        Assert.Throws<ArgumentException>(() => SocketIOGroup.ForRoom("/", ""));
    }
}
