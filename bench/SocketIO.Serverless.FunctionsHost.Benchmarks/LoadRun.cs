using System.Diagnostics;
using System.Net;

namespace SocketIO.Serverless.FunctionsHost.Benchmarks;

public sealed record LoadResult(long Requests, long Errors, double Throughput, TimeSpan P50, TimeSpan P99);

/// <summary>A closed-loop load: N keep-alive connections, each sending the next request when the last is answered.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(Uri baseAddress, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
        };
        await RunPhaseAsync(client, concurrency, warmup);
        var started = Stopwatch.GetTimestamp();
        var perWorker = await RunPhaseAsync(client, concurrency, duration);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = perWorker.SelectMany(w => w.Latencies).Order().ToArray();
        var errors = perWorker.Sum(w => w.Errors);
        return new LoadResult(
            latencies.Length,
            errors,
            latencies.Length / elapsed.TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99));
    }

    private static async Task<Worker[]> RunPhaseAsync(HttpClient client, int concurrency, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(i => new Worker(i)).ToArray();
        await Task.WhenAll(workers.Select(w => w.RunAsync(client, deadline)));
        return workers;
    }

    private static TimeSpan Percentile(long[] sortedTicks, double percentile)
        => sortedTicks.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(percentile * sortedTicks.Length))]);

    private sealed class Worker(int index)
    {
        public List<long> Latencies { get; } = new(100_000);

        public long Errors { get; private set; }

        public async Task RunAsync(HttpClient client, long deadline)
        {
            var sequence = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync($"api/work/w{index}-{sequence++}", content: null);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Latencies.Add(Stopwatch.GetTimestamp() - start);
                }
                else
                {
                    Errors++;
                }
            }
        }
    }
}
