using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SocketIO.Serverless.Bench;

/// <summary>Every figure of a run, by target and key; printed as one table with each figure's ratio to Node's.</summary>
internal sealed partial class BenchResults
{
    private readonly Dictionary<string, Dictionary<string, double>> _figures = new(StringComparer.Ordinal);

    public void Record(string target, string key, double value)
    {
        lock (_figures)
        {
            if (!_figures.TryGetValue(target, out var figures))
            {
                figures = new Dictionary<string, double>(StringComparer.Ordinal);
                _figures[target] = figures;
            }

            figures[key] = value;
        }
    }

    /// <summary>The rows of the table: every key a run produces, in the order of the scenarios.</summary>
    public static IEnumerable<(string Key, string Label, string Format)> Rows(BenchOptions options)
    {
        yield return ("warmup.seconds", "warm-up until the JIT settled (s)", "0");
        foreach (var count in options.Idle.Order())
        {
            yield return ($"idle.{count}.rssKBPerConnection", $"idle {count:N0}: RSS per connection (KB)", "0.0");
            yield return ($"idle.{count}.held", $"idle {count:N0}: connections held", "0");
        }

        foreach (var inFlight in options.InFlight)
        {
            var prefix = $"ack.{inFlight}.";
            var name = $"ack {options.AckClients} clients x {inFlight} in flight";
            yield return (prefix + "perSec", $"{name}: acks/s", "0");
            yield return (prefix + "p50Ms", $"{name}: p50 (ms)", "0.00");
            yield return (prefix + "p99Ms", $"{name}: p99 (ms)", "0.00");
            yield return (prefix + "cpuUsPerAck", $"{name}: server CPU per ack (µs)", "0.0");
            yield return (prefix + "gatewayCpuUsPerAck", $"{name}: of which the gateway process (µs)", "0.0");
            yield return (prefix + "kernelCpuUsPerAck", $"{name}: of the server CPU, in the kernel (µs)", "0.0");
            yield return (prefix + "jitPct", $"{name}: share of server CPU in the JIT's tiering threads (%)", "0.0");
            foreach (var row in ServerlessShareRows(prefix, name))
            {
                yield return row;
            }
        }

        foreach (var row in AcksByClientsRows(options))
        {
            yield return row;
        }

        var broadcast = $"broadcast to {options.BroadcastClients:N0}";
        yield return ("paced.p50Ms", $"{broadcast}, paced {options.PacedRate}/s: delivery p50 (ms)", "0.00");
        yield return ("paced.p99Ms", $"{broadcast}, paced {options.PacedRate}/s: delivery p99 (ms)", "0.00");
        yield return ("paced.cpuUsPerDelivery", $"{broadcast}, paced: server CPU per delivery (µs)", "0.00");
        yield return ("paced.deliveredPct", $"{broadcast}, paced: delivered (%)", "0.0");
        yield return ("burst.perSec", $"{broadcast}, burst of {options.Burst}: deliveries/s", "0");
        yield return ("burst.cpuUsPerDelivery", $"{broadcast}, burst: server CPU per delivery (µs)", "0.00");
        yield return ("burst.deliveredPct", $"{broadcast}, burst: delivered (%)", "0.0");
        yield return ("storm.perSec", $"connection storm ({options.Storm:N0}): accepted connections/s", "0");
        yield return ("storm.acceptedPct", "connection storm: accepted (%)", "0.0");
        yield return ("generator.cpuPct", "load generator CPU, busiest scenario (% of its core)", "0");
    }

    public double? Get(string target, string key)
    {
        lock (_figures)
        {
            return _figures.TryGetValue(target, out var figures) && figures.TryGetValue(key, out var value) ? value : null;
        }
    }

    public string Table(BenchOptions options)
    {
        var targets = options.Targets;
        var hasNode = targets.Contains("node");
        var header = new StringBuilder("| scenario |");
        var rule = new StringBuilder("|---|");
        foreach (var target in targets)
        {
            header.Append(CultureInfo.InvariantCulture, $" {ServerTarget.Title(target)} |");
            rule.Append("---:|");
            if (hasNode && target != "node")
            {
                header.Append(" ratio |");
                rule.Append("---:|");
            }
        }

        var table = new StringBuilder().AppendLine(header.ToString()).AppendLine(rule.ToString());
        foreach (var (key, label, format) in Rows(options))
        {
            table.Append(CultureInfo.InvariantCulture, $"| {label} |");
            var reference = hasNode ? Get("node", key) : null;
            foreach (var target in targets)
            {
                var value = Get(target, key);
                table.Append(' ').Append(value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—").Append(" |");
                if (hasNode && target != "node")
                {
                    var ratio = value is { } x && reference is { } r && r != 0 ? (x / r).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "—";
                    table.Append(' ').Append(ratio).Append(" |");
                }
            }

            table.AppendLine();
        }

        return table.ToString();
    }

    public string Json()
    {
        lock (_figures)
        {
            return JsonSerializer.Serialize(_figures, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
