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
    [InlineData("/", "a/b?c#{hub}", "http://localhost:7071/api/socketio/a%2Fb%3Fc%23%7Bhub%7D")]
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
}
