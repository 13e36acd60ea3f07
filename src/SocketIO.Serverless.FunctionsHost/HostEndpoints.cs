using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SocketIO.Serverless.FunctionsHost;

/// <summary>
/// The host's two Kestrel endpoints: the public HTTP front and the loopback HTTP/2 (h2c) endpoint the worker's gRPC
/// client connects to. Ports are known once Kestrel has bound them (0 means ephemeral).
/// </summary>
public sealed class HostEndpoints
{
    private ListenOptions? _grpc;
    private ListenOptions? _http;
    private int _requestedHttpPort;

    /// <summary>The port workers connect to; Kestrel writes the bound port back into the listen options.</summary>
    public int GrpcPort => _grpc?.IPEndPoint?.Port ?? throw new InvalidOperationException("The gRPC endpoint is not bound yet.");

    public int HttpPort => _http?.IPEndPoint?.Port is > 0 and var bound ? bound : _requestedHttpPort;

    /// <summary>The address users call, like func's http://localhost:7071.</summary>
    public Uri HttpBaseAddress => _requestedHttpPort == 0
        ? new Uri($"http://127.0.0.1:{HttpPort}/")
        : new Uri($"http://localhost:{HttpPort}/");

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}/");

    public void Configure(KestrelServerOptions kestrel, int httpPort)
    {
        _requestedHttpPort = httpPort;
        kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            _grpc = listen;
        });
        if (httpPort == 0)
        {
            // Kestrel cannot bind "localhost" to a dynamic port; tests and tools that ask for 0 get 127.0.0.1.
            kestrel.Listen(IPAddress.Loopback, 0, listen => _http = listen);
        }
        else
        {
            kestrel.ListenLocalhost(httpPort);
        }
    }
}
