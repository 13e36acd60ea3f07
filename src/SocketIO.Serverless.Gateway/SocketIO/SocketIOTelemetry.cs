using System.Diagnostics;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>Traces of the Socket.IO layer: one activity per connect and per event handed to the application.</summary>
public static class SocketIOTelemetry
{
    public const string ActivitySourceName = "SocketIO.Serverless.Gateway.SocketIO";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartEvent(ServerSocket socket, string? eventName)
    {
        var activity = StartRoot("socketio.event");
        if (activity is not null)
        {
            Tag(activity, socket);
            activity.SetTag("socketio.event", eventName);
        }

        return activity;
    }

    internal static Activity? StartConnect(ServerSocket socket)
    {
        var activity = StartRoot("socketio.connect");
        if (activity is not null)
        {
            Tag(activity, socket);
        }

        return activity;
    }

    /// <summary>
    /// Starts a trace of its own, linked to the HTTP request that carried the packet: a WebSocket's request lasts as
    /// long as the connection, so as its children every event of a connection would be one endless trace. Callers
    /// are async methods, so clearing <see cref="Activity.Current"/> here ends with them.
    /// </summary>
    private static Activity? StartRoot(string name)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var carrier = Activity.Current;
        Activity.Current = null;
        ActivityLink[]? links = carrier is null ? null : [new ActivityLink(carrier.Context)];
        return Source.StartActivity(name, ActivityKind.Server, parentContext: default, links: links);
    }

    private static void Tag(Activity activity, ServerSocket socket)
    {
        activity.SetTag("socketio.namespace", socket.Namespace);
        activity.SetTag("socketio.socket_id", socket.Id);
        activity.SetTag("socketio.connection_id", socket.Connection.Id);
    }
}
