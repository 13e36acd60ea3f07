using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// One mapped Engine.IO endpoint (a path and the application behind it): checks each request as the reference
/// server does, then opens a session or hands the request to the session's transport.
/// </summary>
internal sealed class EngineEndpoint
{
    private readonly EngineCors _cors;

    public EngineEndpoint(string pattern, IEngineApplication application, EngineOptions options, EngineServer server, EngineMetrics metrics, EngineCors cors, TimeProvider time, ILogger logger)
    {
        Pattern = pattern;
        Application = application;
        Options = options;
        Server = server;
        Metrics = metrics;
        Time = time;
        Logger = logger;
        _cors = cors;
    }

    public string Pattern { get; }

    public IEngineApplication Application { get; }

    public EngineOptions Options { get; }

    public EngineServer Server { get; }

    public EngineMetrics Metrics { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public async Task HandleAsync(HttpContext context)
    {
        if (_cors.Apply(context))
        {
            return; // preflight answered
        }

        var query = context.Request.Query;
        var transport = query["transport"].ToString();
        var sid = query["sid"].ToString();
        var isWebSocket = context.WebSockets.IsWebSocketRequest;
        var method = context.Request.Method;

        if (!IsEnabled(transport))
        {
            await RefuseAsync(context, EngineErrorCode.UnknownTransport, transport).ConfigureAwait(false);
            return;
        }

        if (sid.Length > 0)
        {
            await HandleSessionRequestAsync(context, sid, transport, isWebSocket, method).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(method))
        {
            await RefuseAsync(context, EngineErrorCode.BadHandshakeMethod, method).ConfigureAwait(false);
            return;
        }

        if (isWebSocket != (transport == EngineTransport.WebSocketName))
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest, "transport does not match the request").ConfigureAwait(false);
            return;
        }

        if (query["EIO"] != "4")
        {
            await RefuseAsync(context, EngineErrorCode.UnsupportedProtocolVersion, query["EIO"].ToString()).ConfigureAwait(false);
            return;
        }

        if (Server.ShuttingDown.IsCancellationRequested)
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest, "server shutting down", StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }

        if (isWebSocket)
        {
            await OpenWebSocketSessionAsync(context).ConfigureAwait(false);
        }
        else
        {
            await OpenPollingSessionAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleSessionRequestAsync(HttpContext context, string sid, string transport, bool isWebSocket, string method)
    {
        var session = Server.Find(sid, this);
        if (session is null || !session.EnsureAlive())
        {
            if (!isWebSocket && HttpMethods.IsGet(method) && transport == EngineTransport.PollingName && Server.TakeClientClose(sid, this))
            {
                await PollingTransport.WriteNoopAsync(context).ConfigureAwait(false);
                return;
            }

            await RefuseAsync(context, EngineErrorCode.UnknownSid, sid).ConfigureAwait(false);
            return;
        }

        if (isWebSocket)
        {
            if (transport != EngineTransport.WebSocketName || !Options.AllowUpgrades)
            {
                await RefuseAsync(context, EngineErrorCode.BadRequest, "upgrade not allowed").ConfigureAwait(false);
                return;
            }

            // A second upgrade of the same session is accepted then closed, as the reference does.
            await UpgradeAsync(context, session).ConfigureAwait(false);
            return;
        }

        if (session.Transport is not PollingTransport polling || transport != EngineTransport.PollingName)
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest, "transport mismatch").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(method))
        {
            await polling.HandleGetAsync(context).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(method))
        {
            await polling.HandlePostAsync(context).ConfigureAwait(false);
        }
        else
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest, method).ConfigureAwait(false);
        }
    }

    private async Task OpenPollingSessionAsync(HttpContext context)
    {
        var transport = new PollingTransport(this);
        var session = CreateSession(context, transport, out var open);
        transport.Attach(session);
        session.Start();
        await PollingTransport.WriteHandshakeAsync(context, open).ConfigureAwait(false);
    }

    private async Task OpenWebSocketSessionAsync(HttpContext context)
    {
        var socket = await AcceptAsync(context).ConfigureAwait(false);
        var transport = new WebSocketTransport(socket, this);
        var session = CreateSession(context, transport, out var open);
        transport.Attach(session);
        session.SendControl(open); // first, before anything the application sends from OnOpen
        session.Start();
        await transport.RunAsync().ConfigureAwait(false);
    }

    private async Task UpgradeAsync(HttpContext context, EngineSession session)
    {
        using var activity = EngineMetrics.ActivitySource.StartActivity("engine.upgrade");
        activity?.SetTag("engine.sid", session.Id);
        var socket = await AcceptAsync(context).ConfigureAwait(false);
        var transport = new WebSocketTransport(socket, this);
        transport.Attach(session);
        if (!session.TryBeginUpgrade(transport))
        {
            // Upgrading or upgraded already, or closed meanwhile.
            Metrics.RequestRefused((int)EngineErrorCode.BadRequest);
            await CloseQuietlyAsync(socket).ConfigureAwait(false);
            return;
        }

        await transport.RunUpgradeAsync().ConfigureAwait(false);
    }

    private async Task CloseQuietlyAsync(WebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), Time);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "upgrade not possible", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            socket.Abort();
        }
    }

    private static Task<WebSocket> AcceptAsync(HttpContext context) =>
        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });

    private EngineSession CreateSession(HttpContext context, EngineTransport transport, out EnginePacket open)
    {
        using var activity = EngineMetrics.ActivitySource.StartActivity("engine.handshake");
        var session = new EngineSession(RandomIds.Next(), CreateHandshake(context), this, transport);
        activity?.SetTag("engine.sid", session.Id);
        activity?.SetTag("engine.transport", transport.Name);
        var upgrades = transport is PollingTransport && Options.AllowUpgrades && Options.Transports.HasFlag(EngineTransports.WebSocket)
            ? new[] { EngineTransport.WebSocketName }
            : [];
        open = new EngineHandshakeData(session.Id, upgrades, Options.PingInterval, Options.PingTimeout, Options.MaxHttpBufferSize).ToPacket();
        Server.Add(session);
        Metrics.SessionOpened(transport.Name);
        EngineLog.SessionOpened(Logger, session.Id, transport.Name, context.Connection.RemoteIpAddress?.ToString());
        return session;
    }

    private EngineHandshake CreateHandshake(HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        var query = new Dictionary<string, string>(request.Query.Count, StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
        {
            query[name] = value.ToString();
        }

        return new EngineHandshake(headers, query, context.Connection.RemoteIpAddress, request.IsHttps, request.PathBase + request.Path + request.QueryString, Time.GetUtcNow())
        {
            Hub = context.GetRouteValue("hub") as string,
        };
    }

    private bool IsEnabled(string transport) => transport switch
    {
        EngineTransport.PollingName => Options.Transports.HasFlag(EngineTransports.Polling),
        EngineTransport.WebSocketName => Options.Transports.HasFlag(EngineTransports.WebSocket),
        _ => false,
    };

    /// <summary>Answers with the reference's error JSON, <c>{"code":1,"message":"Session ID unknown"}</c>.</summary>
    public async Task RefuseAsync(HttpContext context, EngineErrorCode code, string detail, int status = StatusCodes.Status400BadRequest)
    {
        Metrics.RequestRefused((int)code);
        EngineLog.RequestRefused(Logger, status, (int)code, detail, context.Request.Method, context.Request.Path + context.Request.QueryString);
        if (context.Response.HasStarted)
        {
            return;
        }

        if (code == EngineErrorCode.Forbidden)
        {
            status = StatusCodes.Status403Forbidden;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody((int)code, EngineErrorMessages.For(code)), EngineJsonContext.Default.ErrorBody);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    public override string ToString() => $"Engine.IO endpoint {Pattern}";

    [DebuggerDisplay("{Code}: {Message}")]
    internal sealed record ErrorBody(int Code, string Message);
}
