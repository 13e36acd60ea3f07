using System.Text.Json;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// The Socket.IO side of one Engine.IO session (Socket.IO's <c>Client</c>): decodes its packets, routes them to
/// its sockets (one per namespace joined), and serialises what is sent to it so that a packet's text and its
/// binary attachments always leave contiguously, whichever threads emit.
/// </summary>
internal sealed class ClientConnection
{
    private readonly SocketIORuntime _runtime;
    private readonly SocketPacketDecoder _decoder;
    private readonly Dictionary<string, ServerSocket> _sockets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _sendGate = new();
    private string? _pendingText;
    private ITimer? _connectTimer;
    private ITimer? _attachmentTimer;
    private bool _joinedAny;
    private bool _closed;

    public ClientConnection(IEngineConnection engine, SocketServer server, SocketIORuntime runtime)
    {
        Engine = engine;
        Server = server;
        _runtime = runtime;
        _decoder = new SocketPacketDecoder(runtime.Options.MaxAttachments, runtime.Options.MaxAttachmentBytes);
    }

    public IEngineConnection Engine { get; }

    public SocketServer Server { get; }

    public string Id => Engine.Id;

    /// <summary>Arms the connect timeout: a session that joins no namespace in time is closed, as Node does.</summary>
    public void Start()
    {
        var timeout = TimeSpan.FromMilliseconds(_runtime.Options.ConnectTimeout);
        _connectTimer = _runtime.Time.CreateTimer(_ => OnConnectTimeout(), null, timeout, Timeout.InfiniteTimeSpan);
    }

    public void OnMessage(EngineMessage message)
    {
        SocketDecodeResult result;
        string? text;
        if (message.IsBinary)
        {
            result = _decoder.DecodeBinary(message.Binary);
            text = _pendingText;
        }
        else
        {
            result = _decoder.DecodeText(message.Text!);
            text = message.Text;
        }

        if (result.Status != SocketDecodeStatus.NeedMoreAttachments || !message.IsBinary)
        {
            // A packet's text starts its attachment deadline; it ends with the packet, complete or refused.
            ArmAttachmentDeadline(result.Status == SocketDecodeStatus.NeedMoreAttachments);
        }

        switch (result.Status)
        {
            case SocketDecodeStatus.NeedMoreAttachments:
                _pendingText = text;
                return;
            case SocketDecodeStatus.Error:
                _pendingText = null;
                _runtime.Metrics.ParseError();
                SocketIOLog.ParseError(_runtime.Logger, Id, result.Error);
                Close("parse error");
                return;
            default:
                _pendingText = null;
                Dispatch(result.Packet!, "4" + text);
                return;
        }
    }

    /// <summary>The socket of a namespace, once connected (not while its connect is pending).</summary>
    public ServerSocket? ConnectedSocket(string @namespace)
    {
        lock (_gate)
        {
            return _sockets.TryGetValue(@namespace, out var socket) && socket.IsConnected ? socket : null;
        }
    }

    public IReadOnlyList<ServerSocket> Sockets()
    {
        lock (_gate)
        {
            return [.. _sockets.Values];
        }
    }

    /// <summary>Queues a packet to the client. False when the session is closed or its send buffer is full.</summary>
    public bool Send(SocketPacket packet) => Send(OutboundPacket.From(packet));

    public bool Send(OutboundPacket packet)
    {
        lock (_sendGate)
        {
            return SendLocked(packet);
        }
    }

    /// <summary>
    /// Admits a socket whose connect the application accepted: registers it and sends CONNECT under the send
    /// lock, so no broadcast reaches the client before the CONNECT. False when the session or socket closed meanwhile.
    /// </summary>
    public bool Admit(ServerSocket socket, Action register) =>
        Admit(socket, register, SocketJsonValues.Handshake(socket.Id), []);

    /// <summary>
    /// <see cref="Admit(ServerSocket, Action)"/> with the CONNECT payload given (<c>{sid, pid}</c> with connection
    /// state recovery) and the packets a recovered socket missed, sent right after the CONNECT, before any other.
    /// </summary>
    public bool Admit(ServerSocket socket, Action register, JsonElement handshake, IReadOnlyList<OutboundPacket> replay)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _joinedAny = true;
        }

        // The connect deadline is met: an idle connection keeps no timer for it.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        lock (_sendGate)
        {
            if (!socket.TryMarkConnected(register))
            {
                return false;
            }

            SendLocked(OutboundPacket.From(SocketPacket.Connect(socket.Namespace, handshake)));
            foreach (var packet in replay)
            {
                SendLocked(packet);
            }

            return true;
        }
    }

    /// <summary>Forgets a socket that left its namespace, so the client may connect to it again.</summary>
    public void Forget(ServerSocket socket)
    {
        lock (_gate)
        {
            if (_sockets.TryGetValue(socket.Namespace, out var current) && ReferenceEquals(current, socket))
            {
                _sockets.Remove(socket.Namespace);
            }
        }
    }

    /// <summary>Closes the whole session (every socket on it leaves with <paramref name="reason"/>).</summary>
    public void Close(string reason)
    {
        Engine.Close(reason);
        OnEngineClosed(reason);
    }

    /// <summary>The engine closed the session (or we did): every socket leaves with the reason. Idempotent.</summary>
    public void OnEngineClosed(string reason)
    {
        ServerSocket[] sockets;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            sockets = [.. _sockets.Values];
            _sockets.Clear();
        }

        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        Interlocked.Exchange(ref _attachmentTimer, null)?.Dispose();
        Server.RemoveConnection(this);
        foreach (var socket in sockets)
        {
            socket.Close(reason, notifyClient: false);
        }

        SocketIOLog.ConnectionClosed(_runtime.Logger, Id, reason);
    }

    private bool SendLocked(OutboundPacket packet)
    {
        foreach (var message in packet.Messages)
        {
            if (!Engine.Send(message))
            {
                // Closed, or the bounded send buffer is full and the engine is closing the session.
                SocketIOLog.SendRefused(_runtime.Logger, Id);
                return false;
            }
        }

        return true;
    }

    private void Dispatch(SocketPacket packet, string packetText)
    {
        switch (packet.Type)
        {
            case SocketPacketType.Connect:
                OnConnect(packet);
                break;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                WithSocket(packet)?.EnqueueEvent(packet, packetText);
                break;
            case SocketPacketType.Ack or SocketPacketType.BinaryAck:
                WithSocket(packet)?.OnAck(packet);
                break;
            case SocketPacketType.Disconnect:
                WithSocket(packet)?.Close("client namespace disconnect", notifyClient: false);
                break;
            default:
                // CONNECT_ERROR only ever goes from server to client.
                SocketIOLog.InvalidState(_runtime.Logger, Id, packet.Type, packet.Namespace);
                Close("forced close");
                break;
        }
    }

    /// <summary>
    /// The socket a packet is for. Unlike Node, which closes the whole session, a packet for a namespace with no
    /// socket is dropped: it is what a client sends while a server-side disconnect is on its way, and that race
    /// must not cost the client its other namespaces.
    /// </summary>
    private ServerSocket? WithSocket(SocketPacket packet)
    {
        lock (_gate)
        {
            if (_sockets.TryGetValue(packet.Namespace, out var socket))
            {
                return socket;
            }
        }

        SocketIOLog.StrayPacket(_runtime.Logger, Id, packet.Type, packet.Namespace);
        return null;
    }

    private void OnConnect(SocketPacket packet)
    {
        var ns = packet.Namespace;
        bool duplicate;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            duplicate = _sockets.ContainsKey(ns);
        }

        if (duplicate)
        {
            // A second CONNECT for a namespace already joined (or joining) is a protocol violation, as in Node.
            SocketIOLog.InvalidState(_runtime.Logger, Id, packet.Type, ns);
            Close("forced close");
            return;
        }

        if (!_runtime.Application.HasNamespace(ns))
        {
            SocketIOLog.UnknownNamespace(_runtime.Logger, Id, ns);
            _runtime.Metrics.ConnectRejected(ns);
            Send(SocketPacket.ConnectError(ns, "Invalid namespace"));
            return;
        }

        var auth = packet.Data is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } data ? data.GetRawText() : null;
        var socket = new ServerSocket(this, ns, RandomIds.Next(), auth, _runtime);
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _sockets[ns] = socket;
        }

        socket.Start();
    }

    private void ArmAttachmentDeadline(bool waiting)
    {
        var timer = waiting
            ? _runtime.Time.CreateTimer(_ => OnAttachmentTimeout(), null, TimeSpan.FromMilliseconds(_runtime.Options.AttachmentTimeout), Timeout.InfiniteTimeSpan)
            : null;
        Interlocked.Exchange(ref _attachmentTimer, timer)?.Dispose();
        lock (_gate)
        {
            if (_closed)
            {
                Interlocked.Exchange(ref _attachmentTimer, null)?.Dispose();
            }
        }
    }

    private void OnAttachmentTimeout()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
        }

        // A binary packet still missing attachments: what it holds is dropped with the connection, as on a parse error.
        _runtime.Metrics.ParseError();
        SocketIOLog.AttachmentsTimedOut(_runtime.Logger, Id, _runtime.Options.AttachmentTimeout);
        Close("parse error");
    }

    private void OnConnectTimeout()
    {
        lock (_gate)
        {
            if (_joinedAny || _closed)
            {
                return;
            }
        }

        SocketIOLog.ConnectTimedOut(_runtime.Logger, Id, _runtime.Options.ConnectTimeout);
        Close("forced close");
    }
}
