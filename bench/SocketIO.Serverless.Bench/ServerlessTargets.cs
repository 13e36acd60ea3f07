using System.Diagnostics;

namespace SocketIO.Serverless.Bench;

/// <summary>
/// The serverless targets: <c>serverless</c> (the gateway's defaults: a socket's events one after another) and
/// <c>serverless-concurrent</c>, the same path with <c>SocketIO:MaxConcurrentEventsPerSocket</c> at
/// <c>--concurrent-events</c>, so both settings are measured in one run.
/// </summary>
internal static class ServerlessTargets
{
    public const string Concurrent = "serverless-concurrent";

    public const string ConcurrentTitle = "gateway serverless, concurrent events";

    /// <summary>The serverless path of the checkout at <c>BENCH_BASELINE_ROOT</c>: a change next to the code before it.</summary>
    public const string Baseline = "baseline-serverless";

    public const string BaselineTitle = "gateway serverless baseline";

    public static bool IsServerless(string name) => name is "serverless" or Concurrent or Baseline;

    /// <summary>The scripts/bench-server mode of a target.</summary>
    public static string ModeOf(string name) => IsServerless(name) ? "serverless" : name;

    public static void Configure(string name, ProcessStartInfo start, BenchOptions options)
    {
        if (name == Concurrent)
        {
            // bench-server's gateway reads its configuration from the environment too.
            start.Environment["SocketIO__MaxConcurrentEventsPerSocket"] = options.ConcurrentEvents.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
