using System.Globalization;

namespace SocketIO.Serverless.FunctionsHost.Benchmarks;

public sealed record BenchSettings(TimeSpan Duration, TimeSpan Warmup, IReadOnlyList<int> Concurrency)
{
    public static BenchSettings Parse(string[] args)
    {
        var duration = TimeSpan.FromSeconds(10);
        var warmup = TimeSpan.FromSeconds(3);
        IReadOnlyList<int> concurrency = [1, 16, 64];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--duration":
                    duration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
                    break;
                case "--warmup":
                    warmup = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
                    break;
                case "--concurrency":
                    concurrency = args[i + 1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; use --duration S, --warmup S, --concurrency 1,16,64.");
            }
        }

        return new BenchSettings(duration, warmup, concurrency);
    }
}
