using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SocketIO.Serverless.FunctionsHost.Admin;
using SocketIO.Serverless.FunctionsHost.Worker;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>HttpRequest / IActionResult functions: the worker serves HTTP itself, the host forwards to it.</summary>
public sealed class AspNetCoreIntegrationTests(AspNetCoreHostFixture fixture) : IClassFixture<AspNetCoreHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Route_parameter_DI_service_and_worker_middleware_all_shape_the_response()
    {
        using var response = await Client.GetAsync("api/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // "Hello" comes from local.settings.json's Values through the DI service; the header from the worker middleware.
        Assert.Equal("Hello, world!", await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello", Assert.Single(response.Headers.GetValues("x-middleware")));
    }

    [Fact]
    public async Task A_proxied_invocation_says_in_Server_Timing_how_long_the_host_and_the_worker_took()
    {
        using var response = await Client.GetAsync("api/hello/world");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // "invoke;dur=0.53, worker;dur=0.41" (ms): the benchmark splits a round trip with it (docs/benchmarks.md).
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        var durations = timing.Split(',', StringSplitOptions.TrimEntries)
            .Select(metric => metric.Split(";dur=", 2))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        Assert.Equal(["invoke", "worker"], durations.Keys.Order());
        Assert.InRange(durations["worker"], 0, durations["invoke"]);
    }

    [Fact]
    public async Task Method_query_body_and_content_type_reach_the_function_and_its_status_comes_back()
    {
        using var content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("api/Echo?tag=t1", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("POST t1 {\"a\":1}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task A_204_from_the_worker_is_answered_204_without_a_body_and_without_a_server_error()
    {
        var before = fixture.Host.Logs.Lines.Count();
        using var response = await Client.DeleteAsync("api/items/7");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        // Kestrel reports a body written to a 204 as an application error before it completes the response.
        var errors = fixture.Host.Logs.Lines.Skip(before)
            .Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Successful_invocations_print_no_information_line_per_request()
    {
        var before = fixture.Host.Logs.Lines.Count();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Client.GetAsync($"api/hello/quiet{i}");
            response.EnsureSuccessStatusCode();
        }

        // The worker's logs come over one ordered gRPC stream: once the marker's line is here, the requests' are too.
        var marker = $"Mark quiet-{Guid.NewGuid():N}";
        using (var mark = await Client.PostAsync($"api/mark/{marker["Mark ".Length..]}", content: null))
        {
            mark.EnsureSuccessStatusCode();
        }

        await fixture.Host.Logs.WaitForAsync(marker, TimeSpan.FromSeconds(30));
        // Only the function's own line: neither the host's "Executed" (Debug) nor the worker's ASP.NET Core request logs.
        Assert.Equal(marker, Assert.Single(fixture.Host.Logs.Lines.Skip(before))[^marker.Length..]);
    }

    [Fact]
    public async Task A_throwing_function_answers_500_instead_of_the_workers_empty_200_and_the_error_is_logged()
    {
        using var response = await Client.GetAsync("api/Throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await fixture.Host.Logs.WaitForAsync("Executed 'Functions.Throws' (Failed", TimeSpan.FromSeconds(30));
        Assert.Contains(fixture.Host.Logs.Lines, l => l.Contains("This function always fails.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_routes_are_404_and_other_methods_405_like_the_routing_of_the_functions_host()
    {
        using var unknown = await Client.GetAsync("api/nothing-here");
        using var constraint = await Client.GetAsync("api/slow/not-a-number");
        using var wrongMethod = await Client.DeleteAsync("api/hello/world");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, constraint.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(["GET"], wrongMethod.Content.Headers.Allow);
    }

    [Fact]
    public async Task Function_keys_are_accepted_and_not_enforced_as_under_core_tools()
    {
        using var withoutKey = await Client.GetAsync("api/Secured");
        using var withCode = await Client.GetAsync("api/Secured?code=anything");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/Secured");
        request.Headers.Add("x-functions-key", "anything");
        using var withHeader = await Client.SendAsync(request);

        Assert.All([withoutKey, withCode, withHeader], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_are_all_answered_correctly()
    {
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            var id = $"item-{i}";
            using var response = await Client.PostAsync($"api/work/{id}", content: null);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
            Assert.Equal(SocketIO.Serverless.FunctionsHost.TestApp.SharedWork.Compute(id), body.RootElement.GetProperty("work").GetInt32());
        });

        await Task.WhenAll(requests);
    }

    [Fact]
    public async Task Host_status_reports_running_with_the_worker_and_its_functions()
    {
        var status = await Client.GetFromJsonAsync<AdminEndpoints.HostStatusResponse>("admin/host/status", new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.NotNull(status);
        Assert.Equal(nameof(HostStatus.Running), status.State);
        Assert.Equal("AspNetCoreIntegration", status.HttpMode);
        Assert.Equal(fixture.Host.State.Current!.Process.Id, status.WorkerProcessId);
        Assert.Equal(["Echo", "Hello", "Mark", "NoContent", "ProcessId", "Secured", "Setting", "Slow", "Throws", "Work"], status.Functions ?? []);
        Assert.Equal(status.WorkerProcessId.ToString(), await Client.GetStringAsync("api/pid"));
        Assert.True(int.Parse(await Client.GetStringAsync("api/pid"), CultureInfo.InvariantCulture) != Environment.ProcessId);
    }
}
