using System.Diagnostics;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>Traces of the Socket.IO layer: one activity per connect and per event handed to the application.</summary>
public static class SocketIOTelemetry
{
    public const string ActivitySourceName = "SocketIO.Serverless.Gateway.SocketIO";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartEvent(ServerSocket socket, string? eventName)
    {
        var activity = Source.StartActivity("socketio.event", ActivityKind.Server);
        if (activity is not null)
        {
            Tag(activity, socket);
            activity.SetTag("socketio.event", eventName);
        }

        return activity;
    }

    internal static Activity? StartConnect(ServerSocket socket)
    {
        var activity = Source.StartActivity("socketio.connect", ActivityKind.Server);
        if (activity is not null)
        {
            Tag(activity, socket);
        }

        return activity;
    }

    private static void Tag(Activity activity, ServerSocket socket)
    {
        activity.SetTag("socketio.namespace", socket.Namespace);
        activity.SetTag("socketio.socket_id", socket.Id);
        activity.SetTag("socketio.connection_id", socket.Connection.Id);
    }
}
