using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using SocketIO.Serverless.Functions;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Testing;

// Usage: scripts/bench-rooms [--sockets 200] [--concurrency 8] [--queries 200]
var sockets = Option("--sockets", 200);
var concurrency = Option("--concurrency", 8);
var queries = Option("--queries", 200);
const string AccessKey = "rooms-benchmark-access-key";
const string Room = "bench";

await using var azurite = await Azurite.StartAsync();
await using var functions = await StartAsync(WebApplication.CreateSlimBuilder(), app => app.Run(context =>
{
    // No function for any event: the gateway accepts the connect (Upstream:AcceptConnectWithoutHandler).
    context.Response.StatusCode = 404;
    return Task.CompletedTask;
}));
var gatewayBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
gatewayBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Gateway:Application"] = GatewayApplications.Functions,
    ["Gateway:ServeStaticFiles"] = "false",
    ["Upstream:UrlTemplate"] = functions.Url + "/api/socketio{namespace}/{event}",
    ["Upstream:AccessKey"] = AccessKey,
    // The stand-in function app has no connect function: accept the connect (the product's default refuses it).
    ["Upstream:AcceptConnectWithoutHandler"] = "true",
    ["Rooms:ConnectionString"] = azurite.ConnectionString,
});
gatewayBuilder.AddSocketIOGateway();
await using var gateway = await StartAsync(gatewayBuilder, app => app.MapSocketIOGateway());

Console.WriteLine($"Rooms benchmark: {sockets} sockets, {concurrency} concurrent calls, {queries} queries; Azurite {azurite.TableEndpoint}, gateway {gateway.Url}");
await using var clients = await HeldSockets.StartAsync(gateway.Url, sockets, "/");
var client = new SocketIOServiceClient($"Endpoint={gateway.Url};AccessKey={AccessKey};Version=1.0;", "hub");
var throughGateway = new SocketIOServer(client, new SocketIOOptions());
var reader = SocketIORoomReader.Create(new SocketIORoomsOptions { ConnectionString = azurite.ConnectionString });
var fromTable = new SocketIOServer(client, new SocketIOOptions(), reader);
var group = SocketIOGroup.ForRoom("/", Room).Name;

var joinSeconds = await TimeAsync(clients.Sockets, socket => client.AddConnectionToGroupAsync(group, socket.Connection));
Check((await fromTable.In(Room).FetchSocketsAsync()).Count == sockets, "every join is in the table");
Console.WriteLine($"joins (management API, PUT /groups/{{g}}/connections/{{c}}): {Rate(sockets, joinSeconds)}");

var viaApi = await LatenciesAsync(queries, () => throughGateway.In(Room).FetchSocketsAsync());
var viaTable = await LatenciesAsync(queries, () => fromTable.In(Room).FetchSocketsAsync());
var sizeViaTable = await LatenciesAsync(queries, () => fromTable.GetRoomSizeAsync(Room));
Console.WriteLine($"fetchSockets of a {sockets}-member room via the management API: {Percentiles(viaApi)}");
Console.WriteLine($"fetchSockets of a {sockets}-member room via the SDK from the table: {Percentiles(viaTable)}");
Console.WriteLine($"room size via the SDK from the table: {Percentiles(sizeViaTable)}");
var one = clients.Sockets[0];
var socketRooms = await LatenciesAsync(queries, async () => await fromTable.Sockets.In(one.Id).FetchSocketsAsync());
Console.WriteLine($"one socket's rooms via the SDK from the table: {Percentiles(socketRooms)}");

var leaveSeconds = await TimeAsync(clients.Sockets, socket => client.RemoveConnectionFromGroupAsync(group, socket.Connection));
Check(await fromTable.GetRoomSizeAsync(Room) == 0, "every leave is in the table");
Console.WriteLine($"leaves (management API, DELETE /groups/{{g}}/connections/{{c}}): {Rate(sockets, leaveSeconds)}");
return 0;

async Task<double> TimeAsync<T>(IReadOnlyList<T> items, Func<T, Task> call)
{
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < items.Count)
        {
            await call(items[i]);
        }
    }));
    return watch.Elapsed.TotalSeconds;
}

async Task<List<double>> LatenciesAsync<T>(int count, Func<Task<T>> query)
{
    await query(); // warm-up
    var latencies = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        await query();
        latencies.Add(watch.Elapsed.TotalMilliseconds);
    }

    return latencies;
}

static string Rate(int count, double seconds) => $"{(count / seconds).ToString("0", CultureInfo.InvariantCulture)}/s ({count} in {seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)";

static string Percentiles(List<double> latencies)
{
    latencies.Sort();
    string At(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)].ToString("0.0", CultureInfo.InvariantCulture);
    return $"p50 {At(0.50)} ms, p99 {At(0.99)} ms";
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("Benchmark check failed: " + what);
    }
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<RunningApp> StartAsync(WebApplicationBuilder builder, Action<WebApplication> map)
{
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    var app = builder.Build();
    map(app);
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    return new RunningApp(app, address.TrimEnd('/'));
}

internal sealed record RunningApp(WebApplication App, string Url) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => App.DisposeAsync();
}
