using System.Globalization;
using SocketIO.Serverless.Bench;

// scripts/bench [flags] (docs/benchmarks.md); `serve-echo PORT` is the bare Kestrel WebSocket echo it starts, and
// `upstream-floor PORT IN_FLIGHT WARMUP_S WARMUP_MAX_S SECONDS` the caller of its upstream floor.
if (args.Length == 2 && args[0] == EchoServer.Command)
{
    await EchoServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 6 && args[0] == UpstreamFloorCaller.Command)
{
    await UpstreamFloorCaller.RunAsync(
        int.Parse(args[1], CultureInfo.InvariantCulture),
        int.Parse(args[2], CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture)));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var results = new BenchResults();
var failed = new List<string>();
Console.Error.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var name in options.Targets)
{
    Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {ServerTarget.Title(name)}: starting on core {options.ServerCore}");
    try
    {
        await using var server = await ServerTarget.StartAsync(name, options);
        using var scenarios = new LoadScenarios(server, options, results);
        await scenarios.RunAsync();
        if (scenarios.Failed.Count > 0)
        {
            failed.Add(name);
        }
    }
    catch (Exception exception) when (exception is not OutOfMemoryException)
    {
        // One server failing leaves its column empty; the others still run.
        Console.Error.WriteLine($"{ServerTarget.Title(name)} failed: {exception}");
        failed.Add(name);
    }
}

Console.Error.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine(results.Table(options));
Console.WriteLine($"Servers pinned to core {options.ServerCore}; the load generator on the cores it was started on. Ratios are to Node's figure.");
if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, results.Json());
}

if (failed.Count > 0)
{
    Console.Error.WriteLine($"Incomplete (see above): {string.Join(", ", failed.Distinct())}");
}

return failed.Count == 0 ? 0 : 1;
