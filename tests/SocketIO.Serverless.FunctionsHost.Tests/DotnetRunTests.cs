using System.Net;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>`dotnet run` in a function app project that imports LocalFunctionsHost.targets starts this host with the app.</summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task Dotnet_run_in_the_function_app_project_starts_the_local_host_with_that_app()
    {
        var port = FreePort.Next();
        var project = TestApps.ProjectDirectory("SocketIO.Serverless.FunctionsHost.TestApp");
        await using var run = ChildProcess.Start("dotnet", ["run", "--no-build", "--", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], project);

        var ready = await run.WaitForLineAsync(l => l.StartsWith("Functions host ready:", StringComparison.Ordinal), TimeSpan.FromSeconds(120));

        Assert.Contains($"http://localhost:{port}/api/", ready, StringComparison.Ordinal);
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri($"http://localhost:{port}/api/hello/run"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, run!", await response.Content.ReadAsStringAsync());
    }
}
