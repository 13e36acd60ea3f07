namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Serialises the storage writes of one socket (a join racing its own disconnect, a repair racing a leave) with a
/// fixed number of semaphores, so there is nothing per socket to create or forget. Several keys are taken in stripe
/// order, so two bulk operations never deadlock.
/// </summary>
internal sealed class StripedLock
{
    private const int StripeCount = 64;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var stripes = keys.Select(key => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % StripeCount)).Distinct().Order().ToArray();
        var taken = 0;
        try
        {
            for (; taken < stripes.Length; taken++)
            {
                await _stripes[stripes[taken]].WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Release(stripes, taken);
            throw;
        }

        return new Releaser(this, stripes);
    }

    private void Release(int[] stripes, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            _stripes[stripes[i]].Release();
        }
    }

    private sealed class Releaser(StripedLock owner, int[] stripes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(stripes, stripes.Length);
            }
        }
    }
}
