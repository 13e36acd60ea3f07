using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Bench;

/// <summary>
/// The serverless path's own figures: CPU per ack of each process (gateway, local Functions host, worker), acks at
/// 1, 10 and 50 clients (every target, so the serverless path stands next to in-process), and the p50 split of one
/// round trip at 1 client.
/// </summary>
internal sealed partial class LoadScenarios
{
    // This client's own HTTP stack must be at its optimized code too, or its cost lands in the gateway's share.
    private static readonly TimeSpan SplitWarmup = TimeSpan.FromSeconds(3);
    private const int SplitRequests = 1000;
    private const string SplitBody = "421[\"echo\",\"0123456789abcdef\"]";

    private (ProcessTree.Sample Begin, ProcessTree.Sample End) _lastWindow;

    /// <summary>The host's and the worker's CPU in the last measured window, per ack (serverless targets only).</summary>
    private void RecordServerlessShares(string prefix, int acks)
    {
        if (!ServerlessTargets.IsServerless(server.Name))
        {
            return;
        }

        var (begin, end) = _lastWindow;
        Record(prefix + "hostCpuUsPerAck", (end.HostCpu - begin.HostCpu).TotalMicroseconds / Math.Max(1, acks));
        Record(prefix + "workerCpuUsPerAck", (end.WorkerCpu - begin.WorkerCpu).TotalMicroseconds / Math.Max(1, acks));
    }

    private async Task AcksByClientsAsync()
    {
        double? oneClientP50 = null;
        foreach (var clients in options.Clients)
        {
            Progress($"{server.Name}: acks by clients, {clients} x 1 in flight");
            var sockets = await ConnectAsync(clients);
            try
            {
                var run = await RunAckLoadAsync(sockets, 1, options.Warmup, options.ClientsDuration);
                var prefix = $"clients.{clients}.";
                var p50 = Milliseconds(Percentile(run.Latencies, 0.50));
                Record(prefix + "perSec", run.Latencies.Length / run.Seconds);
                Record(prefix + "p50Ms", p50);
                Record(prefix + "cpuUsPerAck", run.ServerCpu.TotalMicroseconds / Math.Max(1, run.Latencies.Length));
                if (run.HasGateway)
                {
                    Record(prefix + "gatewayCpuUsPerAck", run.GatewayCpu.TotalMicroseconds / Math.Max(1, run.Latencies.Length));
                }

                RecordServerlessShares(prefix, run.Latencies.Length);
                RecordKernelCpuPerAck(prefix, run.Latencies.Length);
                RecordJitShare(prefix);
                if (clients == 1)
                {
                    oneClientP50 = p50;
                }
            }
            finally
            {
                Close(sockets);
            }
        }

        if (oneClientP50 is { } total && ServerlessTargets.IsServerless(server.Name))
        {
            await SplitAsync(total);
        }
    }

    /// <summary>
    /// The p50 split of one round trip: the same echo event sent straight to the local Functions host, as the gateway
    /// sends it, one at a time; the host's Server-Timing header says how much of it the host spent and how much it
    /// waited for the worker (the function included). What the gateway path adds on top is the gateway's share,
    /// with the client's WebSocket hop.
    /// </summary>
    private async Task SplitAsync(double totalP50Ms)
    {
        Progress($"{server.Name}: round trip split, {SplitWarmup.TotalSeconds:0} s then {SplitRequests} events straight to the Functions host");
        var (hostBase, accessKey) = server.FunctionsHost() ?? throw new InvalidOperationException("the serverless target did not say where its Functions host is");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false });
        var url = new Uri(hostBase + "socketio/echo");
        var connectionId = "bench-split-" + Guid.NewGuid().ToString("N");
        var signature = UpstreamSignature.Compute(accessKey, connectionId);
        var direct = new List<double>(SplitRequests);
        var invoke = new List<double>(SplitRequests);
        var worker = new List<double>(SplitRequests);
        var warmup = Stopwatch.StartNew();
        while (direct.Count < SplitRequests)
        {
            using var request = SplitRequest(url, connectionId, signature);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (warmup.Elapsed < SplitWarmup)
            {
                continue;
            }

            direct.Add(elapsed);
            if (response.Headers.TryGetValues("Server-Timing", out var timings))
            {
                var parts = ServerTimingOf(string.Join(',', timings));
                if (parts.TryGetValue("invoke", out var invokeMs) && parts.TryGetValue("worker", out var workerMs))
                {
                    invoke.Add(invokeMs);
                    worker.Add(workerMs);
                }
            }
        }

        if (invoke.Count == 0)
        {
            throw new InvalidOperationException("the Functions host sent no Server-Timing header");
        }

        var directP50 = Median(direct);
        var invokeP50 = Median(invoke);
        var workerP50 = Median(worker);
        Record("split.totalP50Ms", totalP50Ms);
        Record("split.gatewayP50Ms", Math.Max(0, totalP50Ms - directP50));
        Record("split.upstreamHopP50Ms", Math.Max(0, directP50 - invokeP50));
        Record("split.hostP50Ms", Math.Max(0, invokeP50 - workerP50));
        Record("split.workerP50Ms", workerP50);
    }

    // What UpstreamRequestFactory sends for an event (docs/upstream.md), signed like the gateway signs it.
    internal static HttpRequestMessage SplitRequest(Uri url, string connectionId, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(SplitBody)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ServerlessPayload.ContentType);
        var headers = request.Headers;
        headers.TryAddWithoutValidation(CloudEventHeaders.SpecVersion, CloudEventHeaders.SpecVersionValue);
        headers.TryAddWithoutValidation(CloudEventHeaders.Type, CloudEventTypes.UserMessage);
        headers.TryAddWithoutValidation(CloudEventHeaders.Source, CloudEventHeaders.SourceFor("hub", connectionId));
        headers.TryAddWithoutValidation(CloudEventHeaders.Id, Guid.NewGuid().ToString("N"));
        headers.TryAddWithoutValidation(CloudEventHeaders.Time, DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(CloudEventHeaders.Hub, "hub");
        headers.TryAddWithoutValidation(CloudEventHeaders.EventName, "echo");
        headers.TryAddWithoutValidation(CloudEventHeaders.ConnectionId, connectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Namespace, "/");
        headers.TryAddWithoutValidation(CloudEventHeaders.SocketId, connectionId);
        headers.TryAddWithoutValidation(CloudEventHeaders.Signature, signature);
        headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, "localhost");
        return request;
    }

    /// <summary><c>invoke;dur=0.5, worker;dur=0.3</c> → {invoke: 0.5, worker: 0.3}.</summary>
    private static Dictionary<string, double> ServerTimingOf(string header)
    {
        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = metric.Split(';', StringSplitOptions.TrimEntries);
            foreach (var field in fields.Skip(1))
            {
                if (field.StartsWith("dur=", StringComparison.Ordinal) && double.TryParse(field[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    parts[fields[0]] = ms;
                }
            }
        }

        return parts;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>The access key of a bench-server function app, from the local.settings.json it wrote.</summary>
    public static string AccessKeyOf(string appDirectory)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "local.settings.json")));
        var connectionString = settings.RootElement.GetProperty("Values").GetProperty("SocketIO__ConnectionString").GetString();
        return ServiceConnectionString.TryParse(connectionString, out var parsed, out var error)
            ? parsed.AccessKey
            : throw new InvalidOperationException($"the function app's connection string is not usable: {error}");
    }
}
