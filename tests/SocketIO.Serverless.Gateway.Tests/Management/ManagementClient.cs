using System.Net.Http.Headers;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Tests.Management;

/// <summary>Raw HTTP calls to the management API, signed as the Web PubSub SDKs sign them (aud = the request URL).</summary>
public sealed class ManagementClient(string baseUrl, string accessKey) : IDisposable
{
    private readonly HttpClient _http = new();

    public static string Room(string @namespace, string room) => SocketIOGroup.ForRoom(@namespace, room).Name;

    public static string Namespace(string @namespace) => SocketIOGroup.ForNamespace(@namespace).Name;

    /// <summary><paramref name="path"/> is relative to <c>/api/hubs/hub</c>; api-version is appended.</summary>
    public string Url(string path) => $"{baseUrl}/api/hubs/hub{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}api-version=2024-01-01";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "text/plain") =>
        SendToUrlAsync(method, Url(path), body, contentType);

    public async Task<HttpResponseMessage> SendToUrlAsync(HttpMethod method, string url, string? body = null, string contentType = "text/plain", string? token = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? ServiceAccessToken.Create(accessKey, url));
        return await _http.SendAsync(request).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
