using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>Puts the WebSocket middleware first in the pipeline, so mapping an engine endpoint is all a host has to do.</summary>
internal sealed class EngineWebSocketsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // The engine has its own heartbeat: no WebSocket-level keep-alive pings.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        next(app);
    };
}
