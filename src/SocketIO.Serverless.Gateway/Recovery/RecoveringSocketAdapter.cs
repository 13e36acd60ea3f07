using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// Keeps, in the namespace's <see cref="PacketBuffer"/>, every packet with an offset this gateway delivers, whether it
/// fanned it out itself or another gateway relayed it (it sits under the Redis adapter, over the in-memory or table
/// one, so both pass through it once). Recording and delivering are one step under the buffer's gate: a socket
/// restored under the same gate sees each packet exactly once. Everything else goes to the inner adapter.
/// </summary>
internal sealed class RecoveringSocketAdapter(ISocketAdapter inner, PacketBuffer buffer) : ISocketAdapter
{
    public PacketBuffer Buffer => buffer;

    public async ValueTask<int?> BroadcastAsync(OutboundPacket packet, BroadcastTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Offset is null)
        {
            return await inner.BroadcastAsync(packet, target, cancellationToken).ConfigureAwait(false);
        }

        ValueTask<int?> delivery;
        lock (buffer.Gate)
        {
            buffer.Append(packet, target);

            // The in-memory and table adapters deliver synchronously (they queue to each socket's outbox), so the
            // delivery is done when the gate opens again.
            delivery = inner.BroadcastAsync(packet, target, cancellationToken);
        }

        return await delivery.ConfigureAwait(false);
    }

    public ValueTask AddSocketAsync(SocketRecord socket, CancellationToken cancellationToken) => inner.AddSocketAsync(socket, cancellationToken);

    public ValueTask RestoreSocketAsync(SocketRecord socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => inner.RestoreSocketAsync(socket, rooms, cancellationToken);

    public ValueTask UpdateSocketAsync(SocketRecord socket, CancellationToken cancellationToken) => inner.UpdateSocketAsync(socket, cancellationToken);

    public ValueTask RemoveSocketAsync(string socketId, CancellationToken cancellationToken) => inner.RemoveSocketAsync(socketId, cancellationToken);

    public ValueTask<bool> JoinAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => inner.JoinAsync(socketId, rooms, cancellationToken);

    public ValueTask<bool> LeaveAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => inner.LeaveAsync(socketId, rooms, cancellationToken);

    public ValueTask<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastTarget target, CancellationToken cancellationToken) => inner.FetchSocketsAsync(target, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>?> RoomsOfAsync(string socketId, CancellationToken cancellationToken) => inner.RoomsOfAsync(socketId, cancellationToken);

    public ValueTask AddSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => inner.AddSocketsAsync(target, rooms, cancellationToken);

    public ValueTask DelSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) => inner.DelSocketsAsync(target, rooms, cancellationToken);

    public ValueTask<int?> DisconnectSocketsAsync(BroadcastTarget target, bool close, CancellationToken cancellationToken) => inner.DisconnectSocketsAsync(target, close, cancellationToken);
}

/// <summary>With recovery on, wraps each namespace's single-gateway adapter in a <see cref="RecoveringSocketAdapter"/>; off, changes nothing.</summary>
internal sealed class RecoveringSocketAdapterFactory(ISocketAdapterFactory inner, ConnectionStateRecovery recovery) : ISocketAdapterFactory
{
    public ISocketAdapter Create(IAdapterNamespace @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var adapter = inner.Create(@namespace);
        return recovery.Enabled ? new RecoveringSocketAdapter(adapter, recovery.Buffer(@namespace.Hub, @namespace.Name)) : adapter;
    }
}
