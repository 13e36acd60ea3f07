using System.Globalization;
using SocketIO.Serverless.FunctionsHost.Benchmarks;

// scripts/bench-functions-host [--duration 10] [--warmup 3] [--concurrency 1,16,64]
if (args.Length > 0 && args[0] == PlainEndpoint.ServeSwitch)
{
    await PlainEndpoint.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var settings = BenchSettings.Parse(args);
await using var targets = await BenchTargets.StartAsync();
Console.WriteLine($"Warm invocations of POST /api/work/{{id}}: {settings.Warmup.TotalSeconds:0}s warm-up, then {settings.Duration.TotalSeconds:0}s per row.");
Console.WriteLine();
Console.WriteLine($"{"target",-34} {"conc",5} {"requests",9} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
foreach (var concurrency in settings.Concurrency)
{
    foreach (var (name, baseAddress) in targets.All)
    {
        var result = await LoadRun.RunAsync(baseAddress, concurrency, settings.Warmup, settings.Duration);
        Console.WriteLine($"{name,-34} {concurrency,5} {result.Requests,9} {result.Throughput,9:0} {result.P50.TotalMilliseconds,8:0.000} {result.P99.TotalMilliseconds,8:0.000} {result.Errors,7}");
    }
}

return 0;
