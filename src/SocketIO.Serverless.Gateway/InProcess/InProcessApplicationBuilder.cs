using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.InProcess;

/// <summary>
/// Builds an <see cref="InProcessApplication"/>: namespaces with connect middleware (Socket.IO's <c>io.use</c>)
/// and connection handlers (<c>io.of(ns).on("connection", socket => ...)</c>).
/// </summary>
public sealed class InProcessApplicationBuilder
{
    private readonly Dictionary<string, InProcessNamespaceBuilder> _namespaces = new(StringComparer.Ordinal);

    /// <summary>Declares a namespace (clients may connect to it) and configures it.</summary>
    public InProcessApplicationBuilder Namespace(string name, Action<InProcessNamespaceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Of(name));
        return this;
    }

    /// <summary>Shortcut for a namespace's connection handler.</summary>
    public InProcessApplicationBuilder OnConnection(string @namespace, Action<InProcessSocket> handler) =>
        Namespace(@namespace, ns => ns.OnConnection(handler));

    public InProcessApplicationBuilder OnConnection(string @namespace, Func<InProcessSocket, ValueTask> handler) =>
        Namespace(@namespace, ns => ns.OnConnection(handler));

    internal IReadOnlyDictionary<string, InProcessNamespace> Build() =>
        _namespaces.ToDictionary(pair => pair.Key, pair => pair.Value.Build(), StringComparer.Ordinal);

    private InProcessNamespaceBuilder Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.StartsWith('/'))
        {
            throw new ArgumentException($"A namespace starts with '/': \"{name}\".", nameof(name));
        }

        if (!_namespaces.TryGetValue(name, out var builder))
        {
            builder = new InProcessNamespaceBuilder();
            _namespaces[name] = builder;
        }

        return builder;
    }
}

/// <summary>Configures one namespace of an in-process application.</summary>
public sealed class InProcessNamespaceBuilder
{
    private readonly List<Func<InProcessSocket, ValueTask<ConnectResult>>> _middleware = [];
    private readonly List<Func<InProcessSocket, ValueTask>> _connectionHandlers = [];

    /// <summary>Connect middleware, run in order before the socket joins; the first rejection wins.</summary>
    public InProcessNamespaceBuilder Use(Func<InProcessSocket, ValueTask<ConnectResult>> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    public InProcessNamespaceBuilder Use(Func<InProcessSocket, ConnectResult> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return Use(socket => ValueTask.FromResult(middleware(socket)));
    }

    /// <summary>Runs once the socket joined (CONNECT sent): the place to add listeners and emit.</summary>
    public InProcessNamespaceBuilder OnConnection(Func<InProcessSocket, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _connectionHandlers.Add(handler);
        return this;
    }

    public InProcessNamespaceBuilder OnConnection(Action<InProcessSocket> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnConnection(socket =>
        {
            handler(socket);
            return ValueTask.CompletedTask;
        });
    }

    internal InProcessNamespace Build() => new([.. _middleware], [.. _connectionHandlers]);
}

internal sealed record InProcessNamespace(
    IReadOnlyList<Func<InProcessSocket, ValueTask<ConnectResult>>> Middleware,
    IReadOnlyList<Func<InProcessSocket, ValueTask>> ConnectionHandlers);
