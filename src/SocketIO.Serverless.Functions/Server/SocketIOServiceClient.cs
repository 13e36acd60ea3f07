using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The management REST API of the gateway (a subset of Azure Web PubSub's data-plane API, plus the project's
/// Socket.IO extensions), one method per operation, built on Azure.Core: retries, logging and distributed tracing
/// come from the pipeline; failures throw <see cref="RequestFailedException"/>. Bodies are Engine.IO packet text.
/// Most code uses the Socket.IO-shaped <see cref="SocketIOServer"/> on top of this instead.
/// </summary>
public class SocketIOServiceClient
{
    private static readonly ushort[] Accepted = [200, 201, 202, 204];
    private static readonly ushort[] Ok = Accepted;
    private static readonly ushort[] OkOrNotFound = [.. Accepted, 404];

    private readonly HttpPipeline _pipeline;
    private readonly string _apiVersion;

    /// <summary>Creates a client from a connection string (<c>Endpoint=...;AccessKey=...;Version=1.0;</c>).</summary>
    public SocketIOServiceClient(string connectionString, string hub, SocketIOServiceClientOptions? options = null)
        : this(ServiceConnectionString.Parse(connectionString), hub, options ?? new SocketIOServiceClientOptions())
    {
    }

    /// <summary>Creates a client for <paramref name="endpoint"/>, signing requests with <paramref name="credential"/>'s access key.</summary>
    public SocketIOServiceClient(Uri endpoint, AzureKeyCredential credential, string hub, SocketIOServiceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrEmpty(hub);
        options ??= new SocketIOServiceClientOptions();
        Endpoint = endpoint;
        Hub = hub;
        _apiVersion = options.ApiVersion;
        _pipeline = HttpPipelineBuilder.Build(options, [], [new AccessTokenPolicy(credential.Key)], new ResponseClassifier());
    }

    /// <summary>For mocking.</summary>
    protected SocketIOServiceClient()
    {
        Endpoint = new Uri("http://localhost");
        Hub = ManagementApi.DefaultHub;
        _pipeline = HttpPipelineBuilder.Build(new SocketIOServiceClientOptions());
        _apiVersion = ManagementApi.ApiVersion;
    }

    private SocketIOServiceClient(ServiceConnectionString connection, string hub, SocketIOServiceClientOptions options)
        : this(connection.Endpoint, new AzureKeyCredential(connection.AccessKey), hub, options)
    {
    }

    private SocketIOServiceClient(SocketIOServiceClient other, string hub)
    {
        ArgumentException.ThrowIfNullOrEmpty(hub);
        Endpoint = other.Endpoint;
        Hub = hub;
        _pipeline = other._pipeline;
        _apiVersion = other._apiVersion;
    }

    public virtual Uri Endpoint { get; }

    public virtual string Hub { get; }

    /// <summary>The same client (pipeline, key) for another hub.</summary>
    public virtual SocketIOServiceClient ForHub(string hub) => hub == Hub ? this : new SocketIOServiceClient(this, hub);

    /// <summary>Sends a packet to every socket of the packet's namespace that matches <paramref name="filter"/>.</summary>
    public virtual Task<Response> SendToAllAsync(string packet, string? filter = null, IEnumerable<string>? excludedConnections = null, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Post, ["/:send"], Query(filter, excludedConnections), Text(packet), Accepted, cancellationToken);

    /// <summary>Sends a packet to the sockets in a group (a room or a whole namespace) that match <paramref name="filter"/>.</summary>
    public virtual Task<Response> SendToGroupAsync(string group, string packet, string? filter = null, IEnumerable<string>? excludedConnections = null, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Post, ["/groups/", group, "/:send"], Query(filter, excludedConnections), Text(packet), Accepted, cancellationToken);

    /// <summary>Sends a packet to the socket of one Engine.IO connection in the packet's namespace.</summary>
    public virtual Task<Response> SendToConnectionAsync(string connectionId, string packet, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Post, ["/connections/", connectionId, "/:send"], [], Text(packet), Accepted, cancellationToken);

    /// <summary>The connection's socket in the group's namespace joins the group's room.</summary>
    public virtual Task<Response> AddConnectionToGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Put, ["/groups/", group, "/connections/", connectionId], [], null, Ok, cancellationToken);

    /// <summary>The connection's socket in the group's namespace leaves the group's room.</summary>
    public virtual Task<Response> RemoveConnectionFromGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Delete, ["/groups/", group, "/connections/", connectionId], [], null, Ok, cancellationToken);

    /// <summary>Every socket matching <paramref name="filter"/> (all when null) joins each group's room.</summary>
    public virtual Task<Response> AddToGroupsAsync(IEnumerable<string> groups, string? filter = null, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Post, ["/:addToGroups"], [], Json(new GroupsOperation([.. groups], filter)), Ok, cancellationToken);

    /// <summary>Every socket matching <paramref name="filter"/> (all when null) leaves each group's room.</summary>
    public virtual Task<Response> RemoveFromGroupsAsync(IEnumerable<string> groups, string? filter = null, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Post, ["/:removeFromGroups"], [], Json(new GroupsOperation([.. groups], filter)), Ok, cancellationToken);

    /// <summary>Closes an Engine.IO connection with all its sockets.</summary>
    public virtual Task<Response> CloseConnectionAsync(string connectionId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Delete, ["/connections/", connectionId], reason is null ? [] : [("reason", reason)], null, OkOrNotFound, cancellationToken);

    public virtual async Task<Response<bool>> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(RequestMethod.Head, ["/connections/", connectionId], [], null, OkOrNotFound, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    public virtual async Task<Response<bool>> GroupExistsAsync(string group, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(RequestMethod.Head, ["/groups/", group], [], null, OkOrNotFound, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>The members of a group, page by page (following <c>nextLink</c>).</summary>
    public virtual AsyncPageable<SocketIOGroupMember> GetConnectionsInGroupAsync(string group, int? pageSize = null, CancellationToken cancellationToken = default) =>
        new LinkPageable<SocketIOGroupMember>(async (nextLink, size, ct) =>
        {
            var response = nextLink is null
                ? await SendAsync(RequestMethod.Get, ["/groups/", group, "/connections"], (size ?? pageSize) is { } n ? [("maxpagesize", n.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [], null, Ok, ct).ConfigureAwait(false)
                : await SendToLinkAsync(nextLink, ct).ConfigureAwait(false);
            var page = Deserialize<SocketIOPage<SocketIOGroupMember>>(response);
            return Page<SocketIOGroupMember>.FromValues(page.Value ?? [], page.NextLink, response);
        }, cancellationToken);

    /// <summary>
    /// Extension: emits the EVENT in <paramref name="packet"/> to one socket and waits for its ack. Returns the ACK
    /// packet's body; throws <see cref="RequestFailedException"/> with status 504 when the client did not ack in time.
    /// </summary>
    public virtual async Task<Response<string>> EmitWithAckAsync(string socketId, string packet, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var milliseconds = ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await SendAsync(RequestMethod.Post, ["/sockets/", socketId, "/:emitWithAck"], [("timeout", milliseconds)], Text(packet), Ok, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Content.ToString(), response);
    }

    /// <summary>Extension: disconnects one socket from its namespace.</summary>
    public virtual Task<Response> DisconnectSocketAsync(string socketId, string @namespace, CancellationToken cancellationToken = default) =>
        SendAsync(RequestMethod.Delete, ["/sockets/", socketId], [("namespace", @namespace)], null, Ok, cancellationToken);

    /// <summary>Extension: one socket with its rooms, or null when it is not connected.</summary>
    public virtual async Task<Response<SocketIOSocketInfo?>> GetSocketAsync(string socketId, string @namespace, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(RequestMethod.Get, ["/sockets/", socketId], [("namespace", @namespace)], null, OkOrNotFound, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Status == 404 ? null : Deserialize<SocketIOSocketInfo>(response), response);
    }

    /// <summary>Extension: Socket.IO's <c>fetchSockets()</c>: the sockets in <paramref name="group"/> and in none of <paramref name="exceptGroups"/>.</summary>
    public virtual async Task<Response<IReadOnlyList<SocketIOSocketInfo>>> FetchSocketsAsync(string group, IEnumerable<string>? exceptGroups = null, CancellationToken cancellationToken = default)
    {
        var query = (exceptGroups ?? []).Select(g => ("except", g)).ToArray();
        var response = await SendAsync(RequestMethod.Get, ["/groups/", group, "/sockets"], query, null, Ok, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(Deserialize<SocketIOPage<SocketIOSocketInfo>>(response).Value ?? [], response);
    }

    private async Task<Response> SendAsync(RequestMethod method, string[] path, (string Name, string Value)[] query, Body? body, ushort[] success, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath("/api/hubs/", escape: false);
        request.Uri.AppendPath(Hub, escape: true);
        for (var i = 0; i < path.Length; i++)
        {
            // Odd positions are values (group names, ids); even ones are literal route parts.
            request.Uri.AppendPath(path[i], escape: i % 2 == 1);
        }

        request.Uri.AppendQuery("api-version", _apiVersion, true);
        foreach (var (name, value) in query)
        {
            request.Uri.AppendQuery(name, value, true);
        }

        if (body is not null)
        {
            request.Content = body.Content;
            request.Headers.SetValue(HttpHeader.Names.ContentType, body.ContentType);
        }

        return await Send(message, success, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response> SendToLinkAsync(string nextLink, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(nextLink, UriKind.Absolute));
        return await Send(message, Ok, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response> Send(HttpMessage message, ushort[] success, CancellationToken cancellationToken)
    {
        message.ResponseClassifier = new StatusCodeClassifier(success);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.IsError ? throw new RequestFailedException(response) : response;
    }

    private static Body Text(string packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return new Body(RequestContent.Create(System.Text.Encoding.UTF8.GetBytes(packet)), ServerlessPayload.ContentType);
    }

    private static Body Json<T>(T value) => new(RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(value)), "application/json");

    private sealed record Body(RequestContent Content, string ContentType);

    private static (string Name, string Value)[] Query(string? filter, IEnumerable<string>? excluded)
    {
        var query = new List<(string, string)>();
        if (!string.IsNullOrEmpty(filter))
        {
            query.Add(("filter", filter));
        }

        query.AddRange((excluded ?? []).Select(id => ("excluded", id)));
        return [.. query];
    }

    private static T Deserialize<T>(Response response) =>
        JsonSerializer.Deserialize<T>(response.Content.ToMemory().Span)
        ?? throw new RequestFailedException(response.Status, $"The service answered an empty {typeof(T).Name}.");
}
