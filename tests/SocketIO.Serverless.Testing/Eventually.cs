using System.Diagnostics;

namespace SocketIO.Serverless.Testing;

/// <summary>Waits for a condition instead of a fixed time: a test asserts what it awaited, not that a sleep was long enough.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="timeout"/> has passed (false).</summary>
    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan timeout) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout);

    /// <inheritdoc cref="HoldsAsync(Func{bool}, TimeSpan)"/>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (elapsed.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        return true;
    }
}
