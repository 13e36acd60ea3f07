using System.Net;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Tests.Upstream.Fixtures;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Management;

/// <summary>The management REST API over the real gateway: the official client end to end, auth, bad input, each route.</summary>
public sealed class ManagementApiTests(UpstreamGatewayFixture gateway) : IClassFixture<UpstreamGatewayFixture>, IDisposable
{
    private readonly ManagementClient _api = new(gateway.Url, UpstreamGatewayFixture.AccessKey);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task The_official_web_pubsub_client_sends_to_groups_and_manages_connections()
    {
        await NodeScript.RunAndAssertSuccessAsync("management/webpubsub-client.mjs", [gateway.Url, gateway.ConnectionString]);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_unauthorized()
    {
        var url = _api.Url("/:send");
        const string body = "42[\"message\",\"x\"]";
        var tokens = new Dictionary<string, string>
        {
            ["wrong key"] = ServiceAccessToken.Create("wrong", url),
            ["expired"] = ServiceAccessToken.Create(UpstreamGatewayFixture.AccessKey, url, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddHours(-1)),
            ["other audience"] = ServiceAccessToken.Create(UpstreamGatewayFixture.AccessKey, _api.Url("/groups/0~Lw~/:send")),
            ["garbage"] = "not-a-token",
        };
        foreach (var (why, token) in tokens)
        {
            using var response = await _api.SendToUrlAsync(HttpMethod.Post, url, body, token: token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
            Assert.Equal("Unauthorized", response.Headers.GetValues("x-ms-error-code").Single());
        }

        using var anonymous = await new HttpClient().PostAsync(url, new StringContent(body));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var signed = await _api.SendToUrlAsync(HttpMethod.Post, url, body);
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/groups/not-a-group/:send", "42[\"m\"]", "text/plain", 400, "not a Socket.IO group")]
    [InlineData("POST", "/:send", "hello", "text/plain", 400, "Engine.IO message packet")]
    [InlineData("POST", "/:send", "42[\"m\"", "text/plain", 400, "not a valid Socket.IO packet")]
    [InlineData("POST", "/:send", "431[\"m\"]", "text/plain", 400, "EVENT")]
    [InlineData("POST", "/:send?filter=userId%20eq", "42[\"m\"]", "text/plain", 400, "Invalid filter")]
    [InlineData("POST", "/groups/0~L2FkbWlu~/:send", "42[\"m\"]", "text/plain", 400, "namespace /admin")]
    [InlineData("POST", "/:send", "42[\"m\"]", "image/png", 415, "not supported")]
    [InlineData("POST", "/:addToGroups", "{\"groups\":", "application/json", 400, "not JSON")]
    [InlineData("POST", "/:addToGroups", "{\"groups\":[\"0~Lw~\"]}", "application/json", 400, "whole namespace")]
    [InlineData("POST", "/:removeFromGroups", "{\"groups\":\"x\"}", "application/json", 400, "\"groups\" array")]
    [InlineData("POST", "/:removeFromGroups", "{\"groups\":[\"0~Lw%~cm0\"]}", "application/json", 400, "0~Lw%~cm0")]
    [InlineData("PUT", "/groups/0~Lw~/connections/c1", null, "text/plain", 400, "whole namespace")]
    [InlineData("GET", "/groups/0~Lw~/connections?maxpagesize=0", null, "text/plain", 400, "maxpagesize")]
    [InlineData("POST", "/sockets/s1/:emitWithAck?timeout=-1", "42[\"m\"]", "text/plain", 400, "timeout")]
    [InlineData("DELETE", "/sockets/s1?namespace=admin", null, "text/plain", 400, "must start with '/'")]
    [InlineData("POST", "/connections/nobody/:send", "42[\"m\"]", "text/plain", 404, "no socket")]
    [InlineData("POST", "/sockets/nobody/:emitWithAck", "42[\"m\"]", "text/plain", 404, "nobody")]
    public async Task Malformed_input_is_a_client_error_with_a_useful_message(string method, string path, string? body, string contentType, int status, string expected)
    {
        using var response = await _api.SendAsync(new HttpMethod(method), path, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Contains(expected, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e15", HttpStatusCode.Accepted)]
    [InlineData("1000000000000000", HttpStatusCode.Accepted)]
    [InlineData("9223372036854775807", HttpStatusCode.Accepted)]
    [InlineData("-9223372036854775808", HttpStatusCode.Unauthorized)]
    [InlineData("\"soon\"", HttpStatusCode.Unauthorized)]
    public async Task A_signed_token_with_an_extreme_exp_is_judged_never_a_500(string exp, HttpStatusCode expected)
    {
        var url = _api.Url("/:send");
        var token = SignedToken(UpstreamGatewayFixture.AccessKey, $$"""{"aud":"{{url}}","exp":{{exp}}}""");

        using var response = await _api.SendToUrlAsync(HttpMethod.Post, url, "42[\"message\",\"x\"]", token: token);

        Assert.Equal(expected, response.StatusCode);
    }

    private static string SignedToken(string key, string payloadJson)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var input = Encode(System.Text.Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Encode(System.Text.Encoding.UTF8.GetBytes(payloadJson));
        var signature = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.ASCII.GetBytes(input));
        return input + "." + Encode(signature);
    }

    [Fact]
    public async Task Hostile_filters_are_refused_with_400_and_the_gateway_keeps_serving()
    {
        await using var client = await HeldClient.StartAsync(gateway.Url);
        var room = ManagementClient.Room("/", "hostile");
        var deep = new string('(', 10_000) + "userId eq 'a'" + new string(')', 10_000);
        var wide = string.Join(" or ", Enumerable.Range(0, 200_000).Select(i => $"userId eq 'u{i}'"));
        foreach (var filter in new[] { deep, wide, string.Concat(Enumerable.Repeat("not ", 10_000)) + "true" })
        {
            var body = JsonSerializer.Serialize(new { groups = new[] { room }, filter });
            using var response = await _api.SendAsync(HttpMethod.Post, "/:addToGroups", body, "application/json");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for a {body.Length}-character body: {text}");
            Assert.Contains("Invalid filter", text, StringComparison.Ordinal);
        }

        // A long chain under the limits is fine, and the held client is still served.
        var chain = string.Join(" or ", Enumerable.Range(0, 2_000).Select(i => $"userId eq 'u{i}'")) + $" or connectionId eq '{client.ConnectionId}'";
        using (var joined = await _api.SendAsync(HttpMethod.Post, "/:addToGroups", JsonSerializer.Serialize(new { groups = new[] { room }, filter = chain }), "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(HttpMethod.Post, $"/groups/{room}/:send", "42[\"message\",\"still here\"]")).StatusCode);
        await client.WaitForAsync("EVENT / message [\"still here\"]");
    }

    [Fact]
    public async Task Bad_hub_and_api_version_are_rejected()
    {
        using var badHub = await _api.SendToUrlAsync(HttpMethod.Post, $"{gateway.Url}/api/hubs/9hub/:send?api-version=2024-01-01", "42[\"m\"]");
        Assert.Equal(HttpStatusCode.BadRequest, badHub.StatusCode);
        using var badVersion = await _api.SendToUrlAsync(HttpMethod.Post, $"{gateway.Url}/api/hubs/hub/:send?api-version=latest", "42[\"m\"]");
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
    }

    [Fact]
    public async Task Group_and_connection_routes_act_on_a_real_client()
    {
        await using var client = await HeldClient.StartAsync(gateway.Url);
        var room = ManagementClient.Room("/", "lobby");

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/groups/{room}/connections/{client.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Head, $"/groups/{room}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Head, $"/connections/{client.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Head, "/connections/nobody")).StatusCode);

        using (var list = await _api.SendAsync(HttpMethod.Get, $"/groups/{room}/connections"))
        {
            using var members = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var member = Assert.Single(members.RootElement.GetProperty("value").EnumerateArray());
            Assert.Equal(client.ConnectionId, member.GetProperty("connectionId").GetString());
            Assert.Equal(client.SocketId, member.GetProperty("socketId").GetString());
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(HttpMethod.Post, $"/groups/{room}/:send", "42[\"message\",\"in the lobby\"]")).StatusCode);
        await client.WaitForAsync("EVENT / message [\"in the lobby\"]");

        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(HttpMethod.Post, $"/connections/{client.ConnectionId}/:send", "42/admin,[\"hello\",\"admin\"]")).StatusCode);
        await client.WaitForAsync("EVENT /admin hello [\"admin\"]");

        var binary = "451-[\"file\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID";
        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(HttpMethod.Post, $"/groups/{ManagementClient.Namespace("/")}/:send?excluded=somebody-else", binary)).StatusCode);
        await client.WaitForAsync("EVENT / file [{\"bytes\":[1,2,3]}]");

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/groups/{room}/connections/{client.ConnectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Head, $"/groups/{room}")).StatusCode);

        // A DISCONNECT packet sent to the namespace disconnects the sockets in it (Socket.IO's disconnectSockets()).
        Assert.Equal(HttpStatusCode.Accepted, (await _api.SendAsync(HttpMethod.Post, $"/groups/{ManagementClient.Namespace("/")}/:send?filter=" + Uri.EscapeDataString($"connectionId eq '{client.ConnectionId}'"), "41")).StatusCode);
        await client.WaitForAsync("DISCONNECT / io server disconnect");
    }

    [Fact]
    public async Task Socket_extensions_ask_join_leave_fetch_and_disconnect()
    {
        await using var client = await HeldClient.StartAsync(gateway.Url);
        using (var ask = await _api.SendAsync(HttpMethod.Post, $"/sockets/{client.SocketId}/:emitWithAck?timeout=5000", "42[\"question\",\"why\"]"))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
            Assert.True(ServerlessPacketCodec.TryDecode(await ask.Content.ReadAsStringAsync(), out var ack, out var error), error);
            Assert.Equal("[\"answer to why\"]", ack.Data!.Value.GetRawText());
        }

        using (var unanswered = await _api.SendAsync(HttpMethod.Post, $"/sockets/{client.SocketId}/:emitWithAck?timeout=300", "42[\"ignored\"]"))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, unanswered.StatusCode);
            Assert.Contains("did not acknowledge within 300 ms", await unanswered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Without ?timeout, the gateway's SocketIO:AckTimeout applies (not a fixed 30 s).
        using (var unanswered = await _api.SendAsync(HttpMethod.Post, $"/sockets/{client.SocketId}/:emitWithAck", "42[\"ignored\"]"))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, unanswered.StatusCode);
            Assert.Contains($"did not acknowledge within {UpstreamGatewayFixture.AckTimeout} ms", await unanswered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var adminRoom = ManagementClient.Room("/admin", "ops");
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/sockets/{client.AdminSocketId}/groups/{adminRoom}")).StatusCode);
        using (var socket = await _api.SendAsync(HttpMethod.Get, $"/sockets/{client.AdminSocketId}?namespace=/admin"))
        {
            using var description = JsonDocument.Parse(await socket.Content.ReadAsStringAsync());
            Assert.Equal(client.ConnectionId, description.RootElement.GetProperty("connectionId").GetString());
            Assert.Contains("ops", description.RootElement.GetProperty("rooms").EnumerateArray().Select(room => room.GetString()));
        }

        using (var fetched = await _api.SendAsync(HttpMethod.Get, $"/groups/{ManagementClient.Namespace("/admin")}/sockets?except={adminRoom}"))
        {
            using var sockets = JsonDocument.Parse(await fetched.Content.ReadAsStringAsync());
            Assert.DoesNotContain(client.AdminSocketId, sockets.RootElement.GetProperty("value").EnumerateArray().Select(socket => socket.GetProperty("socketId").GetString()));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/sockets/{client.AdminSocketId}/groups/{adminRoom}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/sockets/{client.AdminSocketId}?namespace=/admin")).StatusCode);
        await client.WaitForAsync("DISCONNECT /admin io server disconnect");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Delete, $"/sockets/{client.AdminSocketId}?namespace=/admin")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/connections/{client.ConnectionId}?reason=bye")).StatusCode);
        await client.WaitForAsync("DISCONNECT / transport close");
    }

    [Fact]
    public async Task Group_listing_pages_with_next_links()
    {
        await using var first = await HeldClient.StartAsync(gateway.Url);
        await using var second = await HeldClient.StartAsync(gateway.Url);
        var room = ManagementClient.Room("/", "paged");
        foreach (var client in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/groups/{room}/connections/{client.ConnectionId}")).StatusCode);
        }

        var seen = new List<string>();
        string? next = _api.Url($"/groups/{room}/connections?maxpagesize=1");
        while (next is not null)
        {
            using var page = await _api.SendToUrlAsync(HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
            seen.AddRange(body.RootElement.GetProperty("value").EnumerateArray().Select(member => member.GetProperty("connectionId").GetString()!));
            next = body.RootElement.TryGetProperty("nextLink", out var link) ? link.GetString() : null;
            Assert.True(seen.Count <= 2, "paging does not end");
        }

        Assert.Equal(new[] { first.ConnectionId, second.ConnectionId }.Order(), seen.Order());
    }
}
