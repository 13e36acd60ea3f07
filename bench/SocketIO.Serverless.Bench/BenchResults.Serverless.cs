namespace SocketIO.Serverless.Bench;

/// <summary>The rows of the serverless path's own figures (LoadScenarios.Serverless.cs records them).</summary>
internal sealed partial class BenchResults
{
    private static IEnumerable<(string Key, string Label, string Format)> ServerlessShareRows(string prefix, string name)
    {
        yield return (prefix + "hostCpuUsPerAck", $"{name}: of which the local Functions host (µs)", "0.0");
        yield return (prefix + "workerCpuUsPerAck", $"{name}: of which the isolated worker (µs)", "0.0");
    }

    private static IEnumerable<(string Key, string Label, string Format)> AcksByClientsRows(BenchOptions options)
    {
        foreach (var clients in options.Clients)
        {
            var prefix = $"clients.{clients}.";
            var name = $"ack {clients} {(clients == 1 ? "client" : "clients")} x 1 in flight";
            yield return (prefix + "perSec", $"{name}: acks/s", "0");
            yield return (prefix + "p50Ms", $"{name}: p50 (ms)", "0.00");
            yield return (prefix + "cpuUsPerAck", $"{name}: server CPU per ack (µs)", "0.0");
            yield return (prefix + "gatewayCpuUsPerAck", $"{name}: of which the gateway process (µs)", "0.0");
            yield return (prefix + "kernelCpuUsPerAck", $"{name}: of the server CPU, in the kernel (µs)", "0.0");
            yield return (prefix + "jitPct", $"{name}: share of server CPU in the JIT's tiering threads (%)", "0.0");
            foreach (var row in ServerlessShareRows(prefix, name))
            {
                yield return row;
            }
        }

        yield return ("split.totalP50Ms", "split of one round trip (1 client), p50: whole round trip (ms)", "0.000");
        yield return ("split.gatewayP50Ms", "split, p50: gateway, with the client's WebSocket hop (ms)", "0.000");
        yield return ("split.upstreamHopP50Ms", "split, p50: HTTP hop to the local host and back (ms)", "0.000");
        yield return ("split.hostP50Ms", "split, p50: local Functions host (ms)", "0.000");
        yield return ("split.workerP50Ms", "split, p50: worker, with the function (ms)", "0.000");
        foreach (var inFlight in options.Clients)
        {
            var name = $"upstream floor (HttpClient to bare Kestrel), {inFlight} in flight";
            yield return ($"floor.{inFlight}.perSec", $"{name}: requests/s", "0");
            yield return ($"floor.{inFlight}.callerCpuUsPerRequest", $"{name}: caller CPU per request (µs)", "0.0");
            yield return ($"floor.{inFlight}.serverCpuUsPerRequest", $"{name}: server CPU per request (µs)", "0.0");
        }
    }
}
