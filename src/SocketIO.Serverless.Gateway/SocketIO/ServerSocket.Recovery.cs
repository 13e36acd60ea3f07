using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Gateway.Recovery;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// Connection state recovery of one socket (docs/recovery.md): before the application hears of it, a socket whose
/// CONNECT auth names a live session takes back that session's id, rooms and data; it is admitted with the packets
/// it missed, replayed in order right after its CONNECT.
/// </summary>
internal sealed partial class ServerSocket
{
    private RecoverySession? _session;
    private string _offset = "";

    /// <summary>The private session id the client may recover with (sent in the CONNECT reply); null with recovery off.</summary>
    public string? Pid { get; private set; }

    private IReadOnlyCollection<string> RestoredRooms => _session?.Rooms ?? [];

    /// <summary>
    /// With recovery on: true when the client's <c>{pid, offset}</c> names a session that is kept, not expired, and
    /// whose offset this gateway still has (so its missed packets can be replayed without a gap). The session is taken
    /// either way: a client that is not recovered gets a new pid.
    /// </summary>
    private async Task<bool> TryRecoverAsync()
    {
        var recovery = _runtime.Recovery;
        if (!recovery.Enabled)
        {
            return false;
        }

        if (RecoveryWire.TryReadAuth(Context.AuthJson, out var pid, out var offset))
        {
            string? why;
            RecoverySession? session = null;
            try
            {
                session = await recovery.Sessions.TakeAsync(Connection.Server.Hub, Namespace, pid, _gone.Token).ConfigureAwait(false);
                if (session is null)
                {
                    // Its old socket may still be here, or just leaving: once it has left, its session is kept.
                    if (Connection.Server.CloseAbandoned(Namespace, pid, Connection) is { } left)
                    {
                        await left.WaitAsync(_gone.Token).ConfigureAwait(false);
                    }

                    session = await recovery.Sessions.TakeAsync(Connection.Server.Hub, Namespace, pid, _gone.Token).ConfigureAwait(false);
                }

                why = session is null ? "unknown" : Connection.Server.BufferOf(Namespace).Contains(offset) ? null : "evicted";
            }
            catch (RoomsUnavailableException e)
            {
                RecoveryLog.StoreUnavailable(recovery.Logger, Namespace, e.Message);
                why = "unavailable";
            }

            if (why is null)
            {
                // The socket it was may still be telling the application it left: that comes first.
                await WaitForAsync(session!.Previous).ConfigureAwait(false);
                _session = session;
                _offset = offset;
                Id = session.SocketId;
                Pid = session.Pid;
                Context.SocketId = session.SocketId;
                Context.State = session.Data;
                Context.UserId ??= session.UserId;
                Context.Recovered = true;
                if (session.PreviousContext is { } previous)
                {
                    previous.RecoveredFrom = null;
                    Context.RecoveredFrom = previous;
                }
                return true;
            }

            recovery.Metrics.NotRecovered(why);
            RecoveryLog.NotRecovered(recovery.Logger, Namespace, why);
        }

        // The socket id, then the secret: a store finds the session by the id, and only its client knows the rest.
        Pid = Id + "." + RandomIds.Next();
        return false;
    }

    private async Task WaitForAsync(Task previous)
    {
        try
        {
            await previous.WaitAsync(_gone.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its failure was logged where it happened; the new socket goes on.
        }
    }

    /// <summary>
    /// Registers the socket and sends CONNECT (with its pid when recovery is on) and, for a recovered socket, the
    /// packets it missed, all under the namespace buffer's gate: no packet is delivered or recorded meanwhile, so each
    /// reaches it once, in order. An offset evicted since <see cref="TryRecoverAsync"/> closes the connection before
    /// any CONNECT (the client retries and comes back fresh: never with a gap).
    /// </summary>
    private bool Admit()
    {
        void Register() => Connection.Server.Register(this);
        if (!_runtime.Recovery.Enabled)
        {
            return Connection.Admit(this, Register);
        }

        var buffer = Connection.Server.BufferOf(Namespace);
        List<OutboundPacket> missed = [];
        bool admitted;
        lock (buffer.Gate)
        {
            if (_session is not null && !buffer.TryGetAfter(_offset, _session.Rooms, out missed))
            {
                _runtime.Recovery.Metrics.NotRecovered("evicted");
                Connection.Close(EngineCloseReasons.ForcedClose);
                return false;
            }

            admitted = Connection.Admit(this, Register, RecoveryWire.Handshake(Id, Pid!), missed);
        }

        if (admitted && _session is not null)
        {
            _runtime.Recovery.Metrics.Recovered(missed.Count);
            RecoveryLog.Recovered(_runtime.Recovery.Logger, Id, Namespace, _session.Rooms.Count, missed.Count);
        }

        return admitted;
    }
}
