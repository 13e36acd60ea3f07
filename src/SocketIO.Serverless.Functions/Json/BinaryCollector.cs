namespace SocketIO.Serverless.Functions;

/// <summary>
/// Collects the binary values met while serializing Socket.IO arguments, so they travel as attachments with
/// <c>{"_placeholder":true,"num":N}</c> in their place, at any depth. Serialization is synchronous, so a
/// thread-static collector is exactly scoped to one <see cref="SocketIOPayload.Write"/> call.
/// </summary>
internal static class BinaryCollector
{
    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? current;

    /// <summary>The attachments of the payload being written, or null outside of one (binary then becomes base64).</summary>
    public static List<ReadOnlyMemory<byte>>? Current => current;

    public static Scope Begin(List<ReadOnlyMemory<byte>> attachments)
    {
        var previous = current;
        current = attachments;
        return new Scope(previous);
    }

    public readonly struct Scope(List<ReadOnlyMemory<byte>>? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
