using System.Collections.Concurrent;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// The user id of each connected socket that has one (from its access token's <c>sub</c>, or set by its connect
/// function), so the management API can answer <c>userId</c> in listings and filters. Entries live from an
/// accepted connect to the socket's disconnect.
/// </summary>
public sealed class SocketUserDirectory
{
    private readonly ConcurrentDictionary<(string Hub, string Namespace, string SocketId), string> _users = new();

    public int Count => _users.Count;

    public string? Find(string hub, string @namespace, string socketId) =>
        _users.TryGetValue((hub.ToUpperInvariant(), @namespace, socketId), out var user) ? user : null;

    internal void Set(string hub, string @namespace, string socketId, string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            _users.TryRemove((hub.ToUpperInvariant(), @namespace, socketId), out _);
        }
        else
        {
            _users[(hub.ToUpperInvariant(), @namespace, socketId)] = userId;
        }
    }

    internal void Remove(string hub, string @namespace, string socketId) => _users.TryRemove((hub.ToUpperInvariant(), @namespace, socketId), out _);
}
