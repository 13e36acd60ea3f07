using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;

namespace SocketIO.Serverless.Gateway.Hosting;

/// <summary>
/// The Socket.IO client bundle (socket.io.js, .min.js, their maps, the ESM and msgpack builds), embedded at build
/// time from the socket.io-client npm package. Served as the Node server serves it: an ETag of the client's
/// version, <c>Cache-Control: public, max-age=0</c>, compressed when the browser accepts it.
/// </summary>
internal sealed class ClientBundle
{
    private const string Prefix = "SocketIOClient/";
    private readonly Dictionary<string, byte[]> _files;
    private readonly ConcurrentDictionary<(string File, string Encoding), byte[]> _compressed = new();

    private ClientBundle(Dictionary<string, byte[]> files, string version)
    {
        _files = files;
        ETag = "\"" + version + "\"";
    }

    public IReadOnlyCollection<string> FileNames => _files.Keys;

    public string ETag { get; }

    public static ClientBundle Load()
    {
        var assembly = typeof(ClientBundle).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? version = null;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, name);
            var fileName = name[Prefix.Length..];
            if (fileName == "package.json")
            {
                version = JsonDocument.Parse(bytes).RootElement.GetProperty("version").GetString();
            }
            else
            {
                files[fileName] = bytes;
            }
        }

        if (!files.ContainsKey("socket.io.js") || version is null)
        {
            throw new InvalidOperationException("The gateway was built without the Socket.IO client bundle (run `npm ci` at the repository root, then rebuild).");
        }

        return new ClientBundle(files, version);
    }

    public async Task ServeAsync(HttpContext context, string fileName)
    {
        var request = context.Request;
        var response = context.Response;
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch == ETag || ifNoneMatch == "W/" + ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.Headers.CacheControl = "public, max-age=0";
        response.Headers.ETag = ETag;
        response.Headers.Vary = "Accept-Encoding";
        response.ContentType = fileName.EndsWith(".map", StringComparison.Ordinal)
            ? "application/json; charset=utf-8"
            : "application/javascript; charset=utf-8";
        var body = _files[fileName];
        var encoding = PreferredEncoding(request);
        if (encoding is not null)
        {
            body = _compressed.GetOrAdd((fileName, encoding), key => Compress(_files[key.File], key.Encoding));
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string? PreferredEncoding(HttpRequest request)
    {
        // The reference server's order of preference; "q=0" opt-outs are honoured (ASP.NET Core parses the header).
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        foreach (var candidate in new[] { "br", "gzip" })
        {
            if (accepted.Any(value => value.Value.Equals(candidate, StringComparison.OrdinalIgnoreCase) && value.Quality is not 0))
            {
                return candidate;
            }
        }

        return null;
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "br"
                   ? new BrotliStream(output, CompressionLevel.Optimal)
                   : new GZipStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
