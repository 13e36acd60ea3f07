using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>What the gateway serves besides Socket.IO: the client bundle, health endpoints.</summary>
public sealed class GatewayHostingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly string ClientVersion = ReadClientVersion();

    [Theory]
    [InlineData("socket.io.js", "application/javascript")]
    [InlineData("socket.io.min.js", "application/javascript")]
    [InlineData("socket.io.min.js.map", "application/json")]
    [InlineData("socket.io.esm.min.js", "application/javascript")]
    public async Task The_client_bundle_is_served_as_the_npm_package_has_it(string file, string contentType)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var response = await http.GetAsync(new Uri("/socket.io/" + file, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{ClientVersion}\"", response.Headers.ETag?.Tag);
        var expected = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.NodeModules, "socket.io-client", "dist", file));
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_client_bundle_answers_304_to_its_etag_and_compresses_on_request()
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.js");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{ClientVersion}\""));
        using var notModified = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var compressed = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.min.js");
        compressed.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await http.SendAsync(compressed);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        await gzip.CopyToAsync(decompressed);
        var expected = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.NodeModules, "socket.io-client", "dist", "socket.io.min.js"));
        Assert.Equal(expected, decompressed.ToArray());
    }

    [Fact]
    public async Task The_client_bundle_honours_a_q_0_opt_out_and_takes_the_next_accepted_encoding()
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.min.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br", 0));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip", 0.5));
        using var gzipped = await http.SendAsync(request);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);

        using var none = new HttpRequestMessage(HttpMethod.Get, "/socket.io/socket.io.min.js");
        none.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip", 0));
        using var plain = await http.SendAsync(none);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static string ReadClientVersion()
    {
        var json = File.ReadAllText(Path.Combine(RepoPaths.NodeModules, "socket.io-client", "package.json"));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("version").GetString()!;
    }
}
