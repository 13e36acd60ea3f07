using SocketIO.Serverless.Protocol.Rooms;

namespace SocketIO.Serverless.Protocol.Tests.Rooms;

/// <summary>Transactions as Azure accepts them (one partition, at most 100 entities, at most 4 MiB), which Azurite does not enforce.</summary>
public sealed class RoomTableBatchesTests
{
    [Fact]
    public void Every_chunk_is_one_partition_and_at_most_100_actions_and_nothing_is_lost_or_reordered()
    {
        var actions = Enumerable.Range(0, 1_000).Select(i => (Partition: $"p{i % 3}", Index: i)).ToList();

        var chunks = RoomTableBatches.Chunk(actions, action => action.Partition);

        Assert.All(chunks, chunk =>
        {
            Assert.InRange(chunk.Count, 1, RoomTableColumns.MaxBatchSize);
            Assert.Single(chunk.Select(action => action.Partition).Distinct());
        });
        Assert.Equal(actions.Count, chunks.Sum(chunk => chunk.Count));
        foreach (var partition in actions.GroupBy(action => action.Partition))
        {
            Assert.Equal(partition.Select(a => a.Index), chunks.SelectMany(chunk => chunk).Where(a => a.Partition == partition.Key).Select(a => a.Index));
        }
    }

    [Fact]
    public void A_room_of_1000_members_takes_exactly_the_transactions_it_needs()
    {
        // A join writes two rows (member and joined) per socket in the namespace partition.
        var rows = Enumerable.Range(0, 2_000).Select(i => ("n|hub|!2F", i)).ToList();

        Assert.Equal(20, RoomTableBatches.Chunk(rows, row => row.Item1).Count);
    }

    [Fact]
    public void Chunks_stay_within_the_payload_limit()
    {
        var actions = Enumerable.Range(0, 100).Select(i => i).ToList();

        var chunks = RoomTableBatches.Chunk(actions, _ => "p", _ => 70_000, maxBytes: 4 * 1024 * 1024);

        Assert.All(chunks, chunk => Assert.True(chunk.Count * 70_000 <= 4 * 1024 * 1024));
        Assert.Equal(2, chunks.Count);
    }

    [Fact]
    public void A_batch_size_beyond_Azures_limit_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RoomTableBatches.Chunk([1], _ => "p", maxSize: 101));

    [Fact]
    public void No_actions_make_no_transactions() => Assert.Empty(RoomTableBatches.Chunk(Array.Empty<int>(), _ => "p"));
}
