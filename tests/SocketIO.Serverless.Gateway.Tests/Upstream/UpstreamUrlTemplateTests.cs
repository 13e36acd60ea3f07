using SocketIO.Serverless.Gateway.Upstream;

namespace SocketIO.Serverless.Gateway.Tests.Upstream;

public sealed class UpstreamUrlTemplateTests
{
    private const string Template = "http://localhost:7071/api/socketio{namespace}/{event}";

    [Theory]
    [InlineData("/", "message", "http://localhost:7071/api/socketio/message")]
    [InlineData("/", "connect", "http://localhost:7071/api/socketio/connect")]
    [InlineData("/admin", "admin command", "http://localhost:7071/api/socketio/admin/admin%20command")]
    [InlineData("/a/b c", "x", "http://localhost:7071/api/socketio/a/b%20c/x")]
    [InlineData("/", "消息", "http://localhost:7071/api/socketio/%E6%B6%88%E6%81%AF")]
    [InlineData("/", "a?c#{hub}%", "http://localhost:7071/api/socketio/a%3Fc%23%7Bhub%7D%25")]
    [InlineData("/admin/%2e", "%2e%2e", "http://localhost:7071/api/socketio/admin/%252e/%252e%252e")]
    [InlineData("/ADMIN", "Admin Command", "http://localhost:7071/api/socketio/ADMIN/Admin%20Command")]
    public void Renders_namespaces_and_events_as_path_segments(string @namespace, string eventName, string expected)
    {
        Assert.Equal(expected, UpstreamUrlTemplate.Render(Template, "hub", @namespace, eventName).AbsoluteUri);
    }

    [Fact]
    public void Hub_placeholder_is_case_insensitive()
    {
        Assert.Equal("http://h/api/chat/x", UpstreamUrlTemplate.Render("http://h/api/{HUB}/{Event}", "chat", "/", "x").AbsoluteUri);
    }

    [Theory]
    [InlineData("http://localhost:7071/api/socketio")]
    [InlineData("ftp://localhost/{event}")]
    [InlineData("not a url {event}")]
    public void Invalid_templates_are_refused(string template)
    {
        Assert.False(UpstreamUrlTemplate.TryValidate(template, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("/admin/.")]
    [InlineData("/x/../admin")]
    [InlineData("//admin")]
    [InlineData("/admin/")]
    [InlineData("/admin//")]
    [InlineData("/../../admin/host")]
    [InlineData("/admin\\x")]
    [InlineData("/admin\u0000")]
    [InlineData("/admin\u007f")]
    [InlineData("admin")]
    [InlineData("")]
    public void Namespaces_without_a_path_of_their_own_are_refused(string @namespace)
    {
        Assert.False(UpstreamUrlTemplate.IsMappable(@namespace));
        Assert.False(UpstreamUrlTemplate.TryRender(Template, "hub", @namespace, "connect", out _, out var refusal));
        Assert.False(string.IsNullOrEmpty(refusal));
    }

    [Fact]
    public void Names_longer_than_the_limit_are_refused()
    {
        Assert.True(UpstreamUrlTemplate.IsMappable("/" + new string('a', UpstreamUrlTemplate.MaxNameLength - 1)));
        Assert.False(UpstreamUrlTemplate.IsMappable("/" + new string('a', UpstreamUrlTemplate.MaxNameLength)));
        Assert.False(UpstreamUrlTemplate.IsMappable("/" + new string('a', 10_000)));
        Assert.False(UpstreamUrlTemplate.TryRender(Template, "hub", "/", new string('a', 10_000), out _, out _));
        Assert.False(UpstreamUrlTemplate.IsMappable("/a\ud800b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../admin/admin command")]
    [InlineData("admin/admin command")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    public void Event_names_that_are_not_one_segment_are_refused(string eventName)
    {
        Assert.False(UpstreamUrlTemplate.TryRender(Template, "hub", "/", eventName, out _, out var refusal));
        Assert.False(string.IsNullOrEmpty(refusal));
    }

    [Fact]
    public void Every_accepted_name_stays_under_the_template_path()
    {
        foreach (var name in new[] { "%2e%2e", "...", " ..", "%2F", "a b", "消息", "?x", "#x" })
        {
            var url = UpstreamUrlTemplate.Render(Template, "hub", "/" + name, name);
            Assert.StartsWith("http://localhost:7071/api/socketio/", url.AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal(4, url.Segments.Length - 1);
        }
    }
}
