using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The parts of an upstream HTTP request the SDK reads (method, headers, text body), whichever HTTP model the
/// function uses: ASP.NET Core's <see cref="HttpRequest"/> or the worker's <see cref="HttpRequestData"/>.
/// </summary>
internal sealed class UpstreamRequest(string method, IReadOnlyDictionary<string, string> headers, string body)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Method { get; } = method;

    /// <summary>Header values by case-insensitive name; repeated headers are joined with commas, as HTTP allows.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string Body { get; } = body;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static async Task<UpstreamRequest> FromAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        return new UpstreamRequest(request.Method, headers, await ReadBodyAsync(request.Body, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<UpstreamRequest> FromAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(',', values);
        }

        return new UpstreamRequest(request.Method, headers, await ReadBodyAsync(request.Body, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<string> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        try
        {
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new SocketIORequestException("The request body is not valid UTF-8 text.", StatusCodes.Status400BadRequest);
        }
    }
}
