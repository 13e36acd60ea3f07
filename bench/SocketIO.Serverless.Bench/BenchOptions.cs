using System.Globalization;

namespace SocketIO.Serverless.Bench;

/// <summary>The benchmark's sizes and targets, from flags (every size can be made tiny for a smoke run).</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        scripts/bench [flags]   (or: taskset -c 1 dotnet run -c Release --project bench/SocketIO.Serverless.Bench -- [flags])
          --targets node,inprocess,serverless,serverless-concurrent,echo   servers to measure, each started fresh (node is the reference);
                              baseline: the in-process gateway of the checkout at BENCH_BASELINE_ROOT
                              baseline-serverless: the serverless path of that checkout
          --idle 2000,10000,20000     idle connection counts (RSS per connection)
          --ack-clients 50            clients of the ack round trip
          --in-flight 1,10            acks in flight per client
          --duration 10               seconds measured per ack run (after --warmup seconds)
          --warmup 2
          --server-warmup 15          seconds of acks and broadcasts on each fresh server before any figure (JIT tiers),
                                      then on until its JIT's tiering threads are idle for a window
          --server-warmup-max 120     the longest warm-up, in seconds, the settling included
          --clients 1,10,50           client counts of the acks-by-clients runs (1 in flight each; the split at 1 client)
          --clients-duration 5        seconds measured per acks-by-clients run
          --concurrent-events 10      SocketIO:MaxConcurrentEventsPerSocket of the serverless-concurrent target
          --broadcast-clients 1000    clients receiving each broadcast
          --paced-rate 10             paced broadcasts per second, for --paced-seconds
          --paced-seconds 5
          --burst 100                 broadcasts sent back to back
          --storm 2000                connections opened as fast as accepted (100 at a time)
          --sources 8                 loopback source addresses 127.0.0.1..N
          --server-core 0             the core each server is pinned to (the generator runs where it was started)
          --json PATH                 also write every figure as JSON
          --verbose                   show the servers' output
        """;

    public string[] Targets { get; private set; } = ["node", "inprocess", "serverless", ServerlessTargets.Concurrent, "echo"];

    public int[] Clients { get; private set; } = [1, 10, 50];

    public TimeSpan ClientsDuration { get; private set; } = TimeSpan.FromSeconds(5);

    public int ConcurrentEvents { get; private set; } = 10;

    public int[] Idle { get; private set; } = [2000, 10000, 20000];

    public int AckClients { get; private set; } = 50;

    public int[] InFlight { get; private set; } = [1, 10];

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public TimeSpan ServerWarmup { get; private set; } = TimeSpan.FromSeconds(15);

    public TimeSpan ServerWarmupMax { get; private set; } = TimeSpan.FromSeconds(120);

    public int BroadcastClients { get; private set; } = 1000;

    public int PacedRate { get; private set; } = 10;

    public TimeSpan PacedDuration { get; private set; } = TimeSpan.FromSeconds(5);

    public int Burst { get; private set; } = 100;

    public int Storm { get; private set; } = 2000;

    public int Sources { get; private set; } = 8;

    public int ServerCore { get; private set; }

    public string? JsonPath { get; private set; }

    public bool Verbose { get; private set; }

    public string Root { get; private set; } = FindRoot();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--targets": options.Targets = List(Value()); break;
                case "--idle": options.Idle = [.. List(Value()).Select(Int)]; break;
                case "--ack-clients": options.AckClients = Int(Value()); break;
                case "--in-flight": options.InFlight = [.. List(Value()).Select(Int)]; break;
                case "--duration": options.Duration = Seconds(Value()); break;
                case "--warmup": options.Warmup = Seconds(Value()); break;
                case "--server-warmup": options.ServerWarmup = Seconds(Value()); break;
                case "--server-warmup-max": options.ServerWarmupMax = Seconds(Value()); break;
                case "--clients": options.Clients = [.. List(Value()).Select(Int)]; break;
                case "--clients-duration": options.ClientsDuration = Seconds(Value()); break;
                case "--concurrent-events": options.ConcurrentEvents = Int(Value()); break;
                case "--broadcast-clients": options.BroadcastClients = Int(Value()); break;
                case "--paced-rate": options.PacedRate = Int(Value()); break;
                case "--paced-seconds": options.PacedDuration = Seconds(Value()); break;
                case "--burst": options.Burst = Int(Value()); break;
                case "--storm": options.Storm = Int(Value()); break;
                case "--sources": options.Sources = Int(Value()); break;
                case "--server-core": options.ServerCore = Int(Value()); break;
                case "--json": options.JsonPath = Value(); break;
                case "--root": options.Root = Value(); break;
                case "--verbose": options.Verbose = true; break;
                case "--help": throw new ArgumentException("scripts/bench: Node socket.io and the gateway side by side");
                default: throw new ArgumentException($"unknown flag {args[i]}");
            }
        }

        foreach (var target in options.Targets)
        {
            if (!ServerTarget.Names.Contains(target))
            {
                throw new ArgumentException($"unknown target {target} (known: {string.Join(", ", ServerTarget.Names)})");
            }
        }

        if (options.Sources is < 1 or > 254 || options.AckClients < 1 || options.BroadcastClients < 1 || options.InFlight.Any(n => n is < 1 or > 100) || options.Clients.Any(n => n < 1) || options.ConcurrentEvents < 1)
        {
            throw new ArgumentException("--sources 1..254, --ack-clients and --broadcast-clients at least 1, --in-flight 1..100, --clients and --concurrent-events at least 1");
        }

        return options;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
