using System.Diagnostics;

namespace SocketIO.Serverless.Bench;

/// <summary>
/// The scenarios, run in this order against one fresh server: warm-up, idle connections (growing), ack round trip
/// (each in-flight count), broadcast to N clients (paced, then burst), connection storm.
/// </summary>
internal sealed partial class LoadScenarios(ServerTarget server, BenchOptions options, BenchResults results) : IDisposable
{
    private const int ConnectConcurrency = 100;
    private const int LimitHeadroom = 1000;

    /// <summary>One window of the warm-up's settling phase.</summary>
    internal static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(3);

    /// <summary>The JIT has settled once its tiering threads used at most this share of one core over a window.</summary>
    private const double SettledJitShare = 0.01;
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(60);
    private readonly BenchEndpoint _endpoint = new(server.Port, server.Raw, options.Sources);
    private double _generatorPeak;

    public async Task RunAsync()
    {
        await TryAsync("warm-up", WarmUpAsync);
        // Idle first: the memory per connection of a fresh server, before other scenarios grew its heaps.
        await TryAsync("idle", IdleAsync);
        foreach (var inFlight in options.InFlight)
        {
            await TryAsync($"ack {inFlight} in flight", () => AckAsync(inFlight));
        }

        await TryAsync("acks by clients", AcksByClientsAsync);
        await TryAsync("upstream floor", UpstreamFloorAsync);

        await TryAsync("broadcast", BroadcastAsync);
        await TryAsync("storm", StormAsync);
        Record("generator.cpuPct", _generatorPeak);
    }

    /// <summary>Scenarios that failed on this server (their figures are missing from the table).</summary>
    public List<string> Failed { get; } = [];

    // One scenario failing leaves its figures empty; the next still runs on the same server.
    private async Task TryAsync(string scenario, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Progress($"{server.Name}: {scenario} failed: {exception.GetType().Name}: {exception.Message}");
            Failed.Add(scenario);
        }
    }

    public void Dispose() => _endpoint.Dispose();

    private void Record(string key, double value) => results.Record(server.Name, key, value);

    private static void Progress(string text) => Console.Error.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} {text}");

    // Steady state before any figure: .NET's tiered JIT (and V8's) needs the hot paths under load to reach optimized
    // code. On one core .NET takes long: the runtime sees one processor and waits ten times longer before each round
    // of tier-1 recompiles, and every method run for the first time restarts that wait. So after the fixed warm-up
    // the load goes on, window by window, until the tiered-compilation threads of the server's .NET processes and the
    // load generator's own were almost idle for a whole window (or --server-warmup-max is reached: the table says how
    // long it took).
    private async Task WarmUpAsync()
    {
        Progress($"{server.Name}: warm-up, {options.ServerWarmup.TotalSeconds:0.#} s of acks and {options.PacedRate} broadcasts/s, then until the JIT settles (at most {options.ServerWarmupMax.TotalSeconds:0.#} s)");
        var sockets = await ConnectAsync(options.AckClients);
        try
        {
            using var stop = new CancellationTokenSource();
            // Paced like the broadcast scenario: a socket's events queue behind each other (serverless: one
            // invocation at a time), and a socket that outruns them is disconnected (SocketIO:MaxPendingEvents).
            var broadcasts = BroadcastUntilAsync(sockets[^1], TimeSpan.FromSeconds(1.0 / options.PacedRate), stop.Token);
            var started = Stopwatch.GetTimestamp();
            await RunAckLoadAsync(sockets, options.InFlight.Max(), TimeSpan.Zero, options.ServerWarmup);
            var settled = await JitSettledAsync(
                () => server.Sample().JitCpu + ProcessTree.OwnJit(),
                () => RunAckLoadAsync(sockets, options.InFlight.Max(), TimeSpan.Zero, SettleWindow),
                started,
                options.ServerWarmupMax);

            await stop.CancelAsync();
            await broadcasts;
            await sockets[0].RequestAsync("bench:stats", StatsTimeout);
            var warmedFor = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Record("warmup.seconds", warmedFor);
            if (!settled)
            {
                Progress($"{server.Name}: the JIT was still compiling after {warmedFor:0} s of warm-up; the figures include it (see the JIT rows)");
            }
        }
        finally
        {
            Close(sockets);
        }
    }

    /// <summary>
    /// Runs <paramref name="window"/> (about <see cref="SettleWindow"/> long) until the tiering threads counted by
    /// <paramref name="jitCpu"/> used at most <see cref="SettledJitShare"/> of a core in one, or until
    /// <paramref name="max"/> since <paramref name="started"/>; true when they settled. The load generator counts too:
    /// it is .NET on one core, and until its own JIT settled it sends less, so the first server measured would see
    /// fewer frames per wake-up (more CPU per ack) than the next ones.
    /// </summary>
    internal static async Task<bool> JitSettledAsync(Func<TimeSpan> jitCpu, Func<Task> window, long started, TimeSpan max)
    {
        while (Stopwatch.GetElapsedTime(started) < max)
        {
            var before = jitCpu();
            await window();
            if (jitCpu() - before <= SettleWindow * SettledJitShare)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task BroadcastUntilAsync(BenchSocket sender, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await sender.SendBroadcastAsync(0);
                await Task.Delay(interval, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AckAsync(int inFlight)
    {
        Progress($"{server.Name}: ack round trip, {options.AckClients} clients x {inFlight} in flight");
        var sockets = await ConnectAsync(options.AckClients);
        try
        {
            var run = await RunAckLoadAsync(sockets, inFlight, options.Warmup, options.Duration);
            var prefix = $"ack.{inFlight}.";
            Record(prefix + "perSec", run.Latencies.Length / run.Seconds);
            Record(prefix + "p50Ms", Milliseconds(Percentile(run.Latencies, 0.50)));
            Record(prefix + "p99Ms", Milliseconds(Percentile(run.Latencies, 0.99)));
            Record(prefix + "cpuUsPerAck", run.ServerCpu.TotalMicroseconds / Math.Max(1, run.Latencies.Length));
            if (run.HasGateway)
            {
                Record(prefix + "gatewayCpuUsPerAck", run.GatewayCpu.TotalMicroseconds / Math.Max(1, run.Latencies.Length));
            }

            RecordServerlessShares(prefix, run.Latencies.Length);
            RecordKernelCpuPerAck(prefix, run.Latencies.Length);
            RecordJitShare(prefix);
        }
        finally
        {
            Close(sockets);
        }
    }

    private async Task<(long[] Latencies, double Seconds, TimeSpan ServerCpu, TimeSpan GatewayCpu, bool HasGateway)> RunAckLoadAsync(List<BenchSocket> sockets, int inFlight, TimeSpan warmup, TimeSpan duration)
    {
        var load = new AckLoad(sockets.Count * inFlight);
        foreach (var socket in sockets)
        {
            socket.Latencies.Clear();
            socket.Load = load;
        }

        foreach (var socket in sockets)
        {
            for (var i = 0; i < inFlight; i++)
            {
                await socket.SendEchoAsync();
            }
        }

        await Task.Delay(warmup);
        var window = Begin();
        load.Measuring = true;
        await Task.Delay(duration);
        load.Measuring = false;
        var (serverCpu, gatewayCpu, seconds) = End(window);
        load.Running = false;
        // Every ack in flight comes back before the latencies are read (they are written on the receive loops).
        await WaitUntilAsync(() => Volatile.Read(ref load.Outstanding) == 0, TimeSpan.FromSeconds(30));
        var latencies = sockets.SelectMany(socket => socket.Latencies).ToArray();
        Array.Sort(latencies);
        return (latencies, seconds, serverCpu, gatewayCpu, window.Server.HasGateway);
    }

    private async Task BroadcastAsync()
    {
        Progress($"{server.Name}: broadcast to {options.BroadcastClients} clients");
        var sockets = await ConnectAsync(options.BroadcastClients);
        try
        {
            var paced = options.PacedRate * (int)Math.Ceiling(options.PacedDuration.TotalSeconds);
            var sentAt = new long[paced + options.Burst];
            var load = new DeliveryLoad(sentAt);
            foreach (var socket in sockets)
            {
                socket.Latencies.Clear();
                socket.Load = load;
            }

            // Paced: one message every 1/rate s, each to every socket (the sender's own included, as io.emit does).
            var sender = sockets[0];
            var window = Begin();
            var start = Stopwatch.GetTimestamp();
            for (var sequence = 0; sequence < paced; sequence++)
            {
                var due = TimeSpan.FromSeconds((double)sequence / options.PacedRate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                sentAt[sequence] = Stopwatch.GetTimestamp();
                await sender.SendBroadcastAsync(sequence);
            }

            long expected = (long)paced * sockets.Count;
            await WaitUntilAsync(() => Volatile.Read(ref load.Delivered) >= expected, TimeSpan.FromSeconds(10));
            var (pacedCpu, _, _) = End(window);
            var pacedDelivered = Volatile.Read(ref load.Delivered);
            foreach (var socket in sockets)
            {
                socket.Load = null;
            }

            var latencies = sockets.SelectMany(socket => socket.Latencies).ToArray();
            Array.Sort(latencies);
            Record("paced.p50Ms", Milliseconds(Percentile(latencies, 0.50)));
            Record("paced.p99Ms", Milliseconds(Percentile(latencies, 0.99)));
            Record("paced.cpuUsPerDelivery", pacedCpu.TotalMicroseconds / Math.Max(1, pacedDelivered));
            Record("paced.deliveredPct", 100.0 * pacedDelivered / expected);

            // Burst: every message back to back; deliveries per second from the first send to the last delivery.
            var burst = new DeliveryLoad(sentAt);
            foreach (var socket in sockets)
            {
                socket.Latencies.Clear();
                socket.Load = burst;
            }

            window = Begin();
            var first = Stopwatch.GetTimestamp();
            for (var sequence = paced; sequence < sentAt.Length; sequence++)
            {
                sentAt[sequence] = Stopwatch.GetTimestamp();
                await sender.SendBroadcastAsync(sequence);
            }

            expected = (long)options.Burst * sockets.Count;
            await WaitUntilAsync(() => Volatile.Read(ref burst.Delivered) >= expected, TimeSpan.FromSeconds(10));
            var (burstCpu, _, _) = End(window);
            var delivered = Volatile.Read(ref burst.Delivered);
            var last = Volatile.Read(ref burst.LastAt);
            Record("burst.perSec", delivered / Math.Max(1e-9, Stopwatch.GetElapsedTime(first, Math.Max(first, last)).TotalSeconds));
            Record("burst.cpuUsPerDelivery", burstCpu.TotalMicroseconds / Math.Max(1, delivered));
            Record("burst.deliveredPct", 100.0 * delivered / Math.Max(1, expected));
        }
        finally
        {
            Close(sockets);
        }
    }

    private async Task StormAsync()
    {
        Progress($"{server.Name}: connection storm, {options.Storm} connections");
        var window = Begin();
        var sockets = await ConnectAsync(options.Storm, tolerateFailures: true);
        var (_, _, seconds) = End(window);
        Record("storm.perSec", sockets.Count / seconds);
        Record("storm.acceptedPct", 100.0 * sockets.Count / Math.Max(1, options.Storm));
        Close(sockets);
    }

    private async Task IdleAsync()
    {
        // Both processes hold one descriptor per connection: stay under this machine's limit, and say so. The
        // headroom leaves the gateway descriptors for its upstream connections and the like.
        var limit = OpenFileLimit() - LimitHeadroom;
        var control = (await ConnectAsync(1))[0];
        var idle = new List<BenchSocket>();
        try
        {
            await control.RequestAsync("bench:stats", StatsTimeout);
            var baseline = server.Sample().RssBytes;
            foreach (var asked in options.Idle.Order())
            {
                var count = Math.Min(asked, limit);
                Progress($"{server.Name}: idle {count} connections" + (count < asked ? $" ({asked} asked; the open-file limit is {limit + LimitHeadroom})" : string.Empty));
                idle.AddRange(await ConnectAsync(count - idle.Count, tolerateFailures: true));
                await control.RequestAsync("bench:stats", StatsTimeout);
                var rss = server.Sample().RssBytes;
                Record($"idle.{asked}.rssKBPerConnection", (rss - baseline) / 1024.0 / Math.Max(1, idle.Count));
                Record($"idle.{asked}.held", idle.Count);
            }
        }
        finally
        {
            Close(idle);
            control.Dispose();
        }
    }

    private async Task<List<BenchSocket>> ConnectAsync(int count, bool tolerateFailures = false)
    {
        var sockets = new List<BenchSocket>(count);
        var failures = 0;
        Exception? firstFailure = null;
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        var connects = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync();
            connects.Add(ConnectOneAsync());
        }

        await Task.WhenAll(connects);
        if (failures > 0)
        {
            Progress($"{server.Name}: {failures} of {count} connections failed: {firstFailure?.Message}");
            if (!tolerateFailures)
            {
                Close(sockets);
                throw new InvalidOperationException($"{failures} of {count} connections to {server.Name} failed", firstFailure);
            }
        }

        return sockets;

        async Task ConnectOneAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var socket = await BenchSocket.ConnectAsync(_endpoint, timeout.Token);
                lock (sockets)
                {
                    sockets.Add(socket);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstFailure, exception, null);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static void Close(List<BenchSocket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    /// <summary>The server's kernel (system) time per ack in the last measured window: the part of its CPU that
    /// faster server code does not lower, only fewer system calls and wake-ups per ack.</summary>
    private void RecordKernelCpuPerAck(string prefix, int acks)
    {
        var (begin, end) = _lastWindow;
        Record(prefix + "kernelCpuUsPerAck", (end.KernelCpu - begin.KernelCpu).TotalMicroseconds / Math.Max(1, acks));
    }

    /// <summary>The share of the server's CPU in the last measured window that its JIT's tiering threads used.</summary>
    private void RecordJitShare(string prefix)
    {
        var (begin, end) = _lastWindow;
        var cpu = end.Cpu - begin.Cpu;
        if (cpu > TimeSpan.Zero)
        {
            Record(prefix + "jitPct", 100.0 * (end.JitCpu - begin.JitCpu) / cpu);
        }
    }

    private (ProcessTree.Sample Server, TimeSpan Self, long Start) Begin() => (server.Sample(), ProcessTree.Self(), Stopwatch.GetTimestamp());

    private (TimeSpan ServerCpu, TimeSpan GatewayCpu, double Seconds) End((ProcessTree.Sample Server, TimeSpan Self, long Start) window)
    {
        var seconds = Stopwatch.GetElapsedTime(window.Start).TotalSeconds;
        var sample = server.Sample();
        _lastWindow = (window.Server, sample);
        if (seconds >= 1)
        {
            // Shorter windows are below the resolution of the CPU clock.
            _generatorPeak = Math.Max(_generatorPeak, (ProcessTree.Self() - window.Self).TotalSeconds / seconds * 100);
        }
        return (sample.Cpu - window.Server.Cpu, sample.GatewayCpu - window.Server.GatewayCpu, seconds);
    }

    // Polls the condition; gives up once nothing changed for stallTimeout (then the figures show what was missing).
    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan stallTimeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!done() && deadline.Elapsed < stallTimeout)
        {
            await Task.Delay(5);
        }
    }

    private static long Percentile(long[] sorted, double fraction) => sorted.Length == 0 ? 0 : sorted[(int)Math.Round((sorted.Length - 1) * fraction)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static int OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return int.TryParse(fields[0], out var soft) ? soft : int.MaxValue / 2;
            }
        }

        return int.MaxValue / 2;
    }

    private sealed class AckLoad(int inFlight) : IBenchLoad
    {
        public int Outstanding = inFlight;
        public volatile bool Running = true;
        public volatile bool Measuring;

        public async ValueTask OnAckAsync(BenchSocket socket, int id, long receivedAt)
        {
            if (Measuring)
            {
                socket.Latencies.Add(receivedAt - socket.SentAt[id & 127]);
            }

            if (Running)
            {
                await socket.SendEchoAsync();
            }
            else
            {
                Interlocked.Decrement(ref Outstanding);
            }
        }

        public void OnDelivery(BenchSocket socket, int sequence, long receivedAt)
        {
        }
    }

    private sealed class DeliveryLoad(long[] sentAt) : IBenchLoad
    {
        public long Delivered;
        public long LastAt;

        public ValueTask OnAckAsync(BenchSocket socket, int id, long receivedAt) => ValueTask.CompletedTask;

        public void OnDelivery(BenchSocket socket, int sequence, long receivedAt)
        {
            if ((uint)sequence < (uint)sentAt.Length && sentAt[sequence] != 0)
            {
                socket.Latencies.Add(receivedAt - sentAt[sequence]);
                Interlocked.Increment(ref Delivered);
                Volatile.Write(ref LastAt, receivedAt);
            }
        }
    }
}
