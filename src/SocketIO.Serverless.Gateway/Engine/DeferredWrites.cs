namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Defers the socket writes that sends on this thread would start (see <see cref="SessionOutbox.AttachWriter"/>)
/// for the length of a fan-out, then runs them all from one thread-pool work item. A broadcast to N sockets then
/// costs its sender one hand-off instead of N writes that each reach the kernel alone, and broadcasts sent back to
/// back find several frames per socket waiting when the writers run: written together, they leave in fewer sends.
/// Outside a fan-out a send writes at once, on the sending thread.
/// </summary>
internal static class DeferredWrites
{
    [ThreadStatic]
    private static int t_depth;

    [ThreadStatic]
    private static List<Action>? t_writers;

    /// <summary>Starts deferring this thread's writes until the returned scope (the outermost one, when nested) is disposed.</summary>
    /// <remarks>Begin and dispose on one thread, with no await in between: the scope is the thread's.</remarks>
    public static Scope Begin()
    {
        t_depth++;
        return new Scope(active: true);
    }

    /// <summary>Runs <paramref name="writer"/> now, or, inside a fan-out, once it is over.</summary>
    public static void Run(Action writer)
    {
        if (t_depth == 0)
        {
            writer();
            return;
        }

        (t_writers ??= []).Add(writer);
    }

    private static void End()
    {
        if (--t_depth > 0 || t_writers is not { } writers)
        {
            return;
        }

        t_writers = null;
        ThreadPool.UnsafeQueueUserWorkItem(static writers =>
        {
            foreach (var write in writers)
            {
                write();
            }
        }, writers, preferLocal: false);
    }

    /// <summary>The fan-out under way; disposing it ends it.</summary>
    public readonly struct Scope(bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active)
            {
                End();
            }
        }
    }
}
