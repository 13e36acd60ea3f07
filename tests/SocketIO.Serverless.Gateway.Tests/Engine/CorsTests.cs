using System.Net;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class CorsTests
{
    [Fact]
    public async Task Listed_origins_are_echoed_with_credentials_and_others_get_no_cors_headers()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.Cors.Origins.Add("https://app.example");
            o.Cors.Credentials = true;
        });

        using (var allowed = await SendAsync(host, HttpMethod.Get, "https://app.example"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("https://app.example", Single(allowed, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Single(allowed, "Access-Control-Allow-Credentials"));
        }

        using var refused = await SendAsync(host, HttpMethod.Get, "https://evil.example");
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_is_answered_204_with_the_allowed_method_and_headers()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cors.Origins.Add("https://app.example"));
        using var request = new HttpRequestMessage(HttpMethod.Options, host.Url("EIO=4&transport=polling&sid=whatever"));
        request.Headers.Add("Origin", "https://app.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("content-type", Single(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Star_allows_any_origin_even_on_errors()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cors.Origins.Add("*"));
        using (var ok = await SendAsync(host, HttpMethod.Get, "https://anywhere.example"))
        {
            Assert.Equal("*", Single(ok, "Access-Control-Allow-Origin"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("EIO=4&transport=polling&sid=unknown"));
        request.Headers.Add("Origin", "https://anywhere.example");
        using var error = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("*", Single(error, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task No_cors_headers_unless_configured()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var response = await SendAsync(host, HttpMethod.Get, "https://app.example");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> SendAsync(EngineTestHost host, HttpMethod method, string origin)
    {
        using var request = new HttpRequestMessage(method, host.Url("EIO=4&transport=polling"));
        request.Headers.Add("Origin", origin);
        return await host.Http.SendAsync(request);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);
}
