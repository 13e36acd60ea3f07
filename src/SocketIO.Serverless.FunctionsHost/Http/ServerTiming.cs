using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>
/// The <c>Server-Timing</c> header of a proxied invocation, so a caller can split its round trip without a profiler:
/// <c>invoke</c> is the host's whole invocation (until the response is copied back), <c>worker</c> the part spent
/// waiting for the worker (its HTTP response and its InvocationResponse, the function included). The benchmark reads
/// it (docs/benchmarks.md); anything else may ignore it.
/// </summary>
public static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    public static void Add(HttpResponse response, long started, long workerStarted, long workerDone)
    {
        var invoke = Stopwatch.GetElapsedTime(started, workerDone).TotalMilliseconds;
        var worker = Stopwatch.GetElapsedTime(workerStarted, workerDone).TotalMilliseconds;
        response.Headers.Append(HeaderName, string.Create(CultureInfo.InvariantCulture, $"invoke;dur={invoke:0.###}, worker;dur={worker:0.###}"));
    }
}
