using System.Reflection;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>The build outputs of the test function apps, which building this test project builds.</summary>
public static class TestApps
{
    private static readonly string Configuration = typeof(TestApps).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>ASP.NET Core integration: HttpRequest / IActionResult; the worker serves HTTP and the host forwards.</summary>
    public static string AspNetCore => Output("SocketIO.Serverless.FunctionsHost.TestApp");

    /// <summary>Classic: HttpRequestData / HttpResponseData carried as RpcHttp over gRPC.</summary>
    public static string Classic => Output("SocketIO.Serverless.FunctionsHost.ClassicTestApp");

    public static string ProjectDirectory(string name) => Path.Combine(RepoPaths.Root, "tests", name);

    private static string Output(string name)
    {
        var output = Path.Combine(ProjectDirectory(name), "bin", Configuration, "net10.0");
        if (!File.Exists(Path.Combine(output, "worker.config.json")))
        {
            throw new InvalidOperationException($"{output} holds no built function app; build the test project (it builds {name}).");
        }

        return output;
    }
}
