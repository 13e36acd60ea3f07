using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

/// <summary>The outbox's writer hand-over: the thread that queues into an idle outbox writes; nobody else meanwhile.</summary>
public sealed class SessionOutboxTests
{
    [Fact]
    public void Attaching_a_writer_to_an_outbox_with_packets_waiting_tells_the_caller_to_write_them()
    {
        var outbox = new SessionOutbox(10, 1000);
        Assert.True(outbox.TryEnqueueControl(EnginePacket.Of(EnginePacketType.Open, "{}")));
        var calls = 0;
        Assert.True(outbox.AttachWriter(() => calls++));
        Assert.Equal(0, calls);
        Assert.True(outbox.TryTakeForWriter(out var open));
        Assert.Equal(EnginePacketType.Open, open.Type);
        Assert.False(outbox.TryTakeForWriter(out _));
        Assert.False(new SessionOutbox(10, 1000).AttachWriter(() => calls++));
    }

    [Fact]
    public void Packets_queued_while_a_write_is_under_way_go_with_that_write_in_order_and_start_no_second_writer()
    {
        var outbox = new SessionOutbox(10, 1000);
        var calls = 0;
        outbox.AttachWriter(() => calls++);

        Assert.Equal(OutboxResult.Enqueued, outbox.TryEnqueueMessage(EnginePacket.Message("a")));
        Assert.Equal(1, calls);
        outbox.TryEnqueueMessage(EnginePacket.Message("b"));
        outbox.TryEnqueueControl(EnginePacket.Of(EnginePacketType.Ping));
        outbox.TryEnqueueMessage(EnginePacket.BinaryMessage(new byte[] { 1 }));
        Assert.Equal(1, calls);

        Assert.Equal(["a", "b", "", "01"], TakeAll(outbox));
        Assert.Equal(1, calls);

        // The write is over once the outbox was found empty: the next packet starts the writer again.
        outbox.TryEnqueueMessage(EnginePacket.Message("c"));
        Assert.Equal(2, calls);
        Assert.Equal(["c"], TakeAll(outbox));
    }

    [Fact]
    public void A_writer_that_queues_while_it_writes_is_not_called_again_inside_itself_and_writes_what_it_queued_next()
    {
        var outbox = new SessionOutbox(10, 1000);
        var written = new List<string>();
        var depth = 0;
        var deepest = 0;
        outbox.AttachWriter(() =>
        {
            deepest = Math.Max(deepest, ++depth);
            while (outbox.TryTakeForWriter(out var packet))
            {
                written.Add(packet.Text!);
                if (packet.Text == "first")
                {
                    // Say an ack the application sends from inside the write's own call chain.
                    outbox.TryEnqueueMessage(EnginePacket.Message("second"));
                }
            }

            depth--;
        });

        outbox.TryEnqueueMessage(EnginePacket.Message("first"));
        Assert.Equal(["first", "second"], written);
        Assert.Equal(1, deepest);
    }

    [Fact]
    public void Messages_taken_by_the_writer_no_longer_count_against_the_bound()
    {
        var outbox = new SessionOutbox(2, 1000);
        outbox.AttachWriter(() => { });
        outbox.TryEnqueueMessage(EnginePacket.Message("1"));
        outbox.TryEnqueueMessage(EnginePacket.Message("2"));
        Assert.Equal(OutboxResult.Full, outbox.TryEnqueueMessage(EnginePacket.Message("3")));

        Assert.True(outbox.TryTakeForWriter(out _));
        Assert.Equal(1, outbox.BufferedMessages);
        Assert.Equal(1, outbox.BufferedBytes);
        Assert.Equal(OutboxResult.Enqueued, outbox.TryEnqueueMessage(EnginePacket.Message("3")));
        Assert.Equal(["2", "3"], TakeAll(outbox));
        Assert.Equal(0, outbox.BufferedMessages);
        Assert.Equal(0, outbox.BufferedBytes);
    }

    [Fact]
    public void The_close_starts_the_writer_last_and_a_cleared_outbox_starts_it_no_more()
    {
        var outbox = new SessionOutbox(10, 1000);
        var calls = 0;
        outbox.AttachWriter(() => calls++);
        outbox.TryEnqueueMessage(EnginePacket.Message("bye"));
        Assert.Equal(["bye"], TakeAll(outbox));
        Assert.True(outbox.EnqueueCloseAndComplete());
        Assert.Equal(2, calls);
        Assert.True(outbox.TryTakeForWriter(out var close));
        Assert.Equal(EnginePacketType.Close, close.Type);
        Assert.Equal(OutboxResult.Completed, outbox.TryEnqueueMessage(EnginePacket.Message("late")));

        var cleared = new SessionOutbox(10, 1000);
        var clearedCalls = 0;
        cleared.AttachWriter(() => clearedCalls++);
        cleared.CompleteAndClear();
        Assert.Equal(OutboxResult.Completed, cleared.TryEnqueueMessage(EnginePacket.Message("late")));
        Assert.False(cleared.TryEnqueueControl(EnginePacket.Of(EnginePacketType.Ping)));
        Assert.Equal(0, clearedCalls);
        Assert.False(cleared.TryTakeForWriter(out _));
    }

    private static List<string> TakeAll(SessionOutbox outbox)
    {
        var taken = new List<string>();
        while (outbox.TryTakeForWriter(out var packet))
        {
            taken.Add(packet.IsBinary ? Convert.ToHexString(packet.Binary.Span) : packet.Text!);
        }

        return taken;
    }
}
