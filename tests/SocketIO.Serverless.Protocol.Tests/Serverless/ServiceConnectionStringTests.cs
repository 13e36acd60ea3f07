using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Protocol.Tests.Serverless;

public sealed class ServiceConnectionStringTests
{
    [Fact]
    public void Parses_the_local_connection_string()
    {
        var parsed = ServiceConnectionString.Parse("Endpoint=http://localhost:3000;AccessKey=abc/def+ghi==;Version=1.0;");
        Assert.Equal(new Uri("http://localhost:3000"), parsed.Endpoint);
        Assert.Equal("abc/def+ghi==", parsed.AccessKey);
        Assert.Equal("1.0", parsed.Version);
        Assert.DoesNotContain("abc", parsed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_case_insensitive_and_port_overrides()
    {
        var parsed = ServiceConnectionString.Parse("endpoint=https://example.webpubsub.azure.com/;accesskey=k;port=8080");
        Assert.Equal(8080, parsed.Endpoint.Port);
        Assert.Equal("https", parsed.Endpoint.Scheme);
        Assert.Equal("k", parsed.AccessKey);
        Assert.Null(parsed.Version);
    }

    [Fact]
    public void An_endpoint_without_scheme_is_https()
    {
        Assert.Equal("https", ServiceConnectionString.Parse("Endpoint=example.com;AccessKey=k").Endpoint.Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AccessKey=k")]
    [InlineData("Endpoint=http://localhost:3000")]
    [InlineData("Endpoint=http://localhost:3000;AccessKey=k;Port=x")]
    [InlineData("Endpoint=http://localhost:3000;garbage;AccessKey=k")]
    public void Invalid_strings_fail_with_a_reason(string text)
    {
        Assert.False(ServiceConnectionString.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
