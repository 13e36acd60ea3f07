namespace SocketIO.Serverless.Protocol.Rooms;

/// <summary>
/// Splits table actions into transactions Azure accepts: all of one partition, at most
/// <see cref="RoomTableColumns.MaxBatchSize"/> actions and at most a payload size (Azure's limit is 4 MiB).
/// Azurite accepts batches that break these rules, so they are enforced here rather than learnt from the emulator.
/// </summary>
public static class RoomTableBatches
{
    /// <summary>
    /// Groups <paramref name="actions"/> by partition (in first-seen order, keeping each partition's order) and cuts
    /// each group into chunks of at most <paramref name="maxSize"/> actions whose <paramref name="sizeOf"/> sum stays
    /// within <paramref name="maxBytes"/> (an action larger than that alone gets a chunk of its own).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<T>> Chunk<T>(IEnumerable<T> actions, Func<T, string> partitionOf, Func<T, int>? sizeOf = null, int maxSize = RoomTableColumns.MaxBatchSize, int maxBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(partitionOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSize, RoomTableColumns.MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var chunks = new List<IReadOnlyList<T>>();
        foreach (var partition in actions.GroupBy(partitionOf, StringComparer.Ordinal))
        {
            var chunk = new List<T>();
            long bytes = 0;
            foreach (var action in partition)
            {
                var size = sizeOf?.Invoke(action) ?? 0;
                if (chunk.Count > 0 && (chunk.Count == maxSize || bytes + size > maxBytes))
                {
                    chunks.Add(chunk);
                    chunk = [];
                    bytes = 0;
                }

                chunk.Add(action);
                bytes += size;
            }

            if (chunk.Count > 0)
            {
                chunks.Add(chunk);
            }
        }

        return chunks;
    }
}
