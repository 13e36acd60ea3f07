using System.Net;
using System.Text;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>HttpRequestData / HttpResponseData functions: the whole request and response travel as RpcHttp over gRPC.</summary>
public sealed class ClassicRpcHttpTests(ClassicHostFixture fixture) : IClassFixture<ClassicHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Route_prefix_from_host_json_route_parameter_DI_and_middleware_work()
    {
        using var response = await Client.GetAsync("classic/hello/monde");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bonjour, monde!", await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello", Assert.Single(response.Headers.GetValues("x-middleware")));
    }

    [Fact]
    public async Task Request_headers_query_and_body_go_in_and_status_headers_cookies_and_body_come_out()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "classic/Echo?tag=t2&code=key")
        {
            Content = new StringContent("payload é", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-test", "yes");
        request.Headers.Add("x-functions-key", "not-checked");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("POST t2 payload é", await response.Content.ReadAsStringAsync());
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("x-request-header")));
        Assert.Equal("flavour=oat", Assert.Single(response.Headers.GetValues("Set-Cookie")));
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task A_204_is_answered_204_without_a_body_and_without_a_server_error()
    {
        var before = fixture.Host.Logs.Lines.Count();
        using var response = await Client.DeleteAsync("classic/items/7");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var errors = fixture.Host.Logs.Lines.Skip(before)
            .Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_throwing_function_answers_500_and_the_error_is_logged()
    {
        using var response = await Client.GetAsync("classic/Throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await fixture.Host.Logs.WaitForAsync("This classic function always fails.", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_are_all_answered_correctly()
    {
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await Client.GetAsync($"classic/hello/n{i}");
            response.EnsureSuccessStatusCode();
            Assert.Equal($"Bonjour, n{i}!", await response.Content.ReadAsStringAsync());
        });

        await Task.WhenAll(requests);
    }
}
