using SocketIO.Serverless.Gateway.Engine;
using SocketIO.Serverless.Protocol.EngineIO;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class DeferredWritesTests
{
    [Fact]
    public void Outside_a_fan_out_a_send_writes_at_once_on_the_sending_thread()
    {
        var outbox = new SessionOutbox(10, 1000);
        int? writerThread = null;
        outbox.AttachWriter(() => writerThread = Environment.CurrentManagedThreadId);
        outbox.TryEnqueueMessage(EnginePacket.Message("now"));
        Assert.Equal(Environment.CurrentManagedThreadId, writerThread);
    }

    [Fact]
    public async Task Inside_a_fan_out_every_started_writer_runs_once_after_the_outermost_scope_and_finds_all_it_was_sent()
    {
        var outboxes = Enumerable.Range(0, 3).Select(_ => new SessionOutbox(10, 1000)).ToArray();
        var written = outboxes.Select(_ => new List<string>()).ToArray();
        var runs = new int[outboxes.Length];
        var done = new CountdownEvent(outboxes.Length);
        for (var i = 0; i < outboxes.Length; i++)
        {
            var index = i;
            outboxes[i].AttachWriter(() =>
            {
                Interlocked.Increment(ref runs[index]);
                while (outboxes[index].TryTakeForWriter(out var packet))
                {
                    written[index].Add(packet.Text!);
                }

                done.Signal();
            });
        }

        using (DeferredWrites.Begin())
        {
            foreach (var outbox in outboxes)
            {
                outbox.TryEnqueueMessage(EnginePacket.Message("a"));
            }

            using (DeferredWrites.Begin())
            {
                foreach (var outbox in outboxes)
                {
                    outbox.TryEnqueueMessage(EnginePacket.Message("b"));
                }
            }

            // The inner scope's end is not the fan-out's end.
            Assert.All(runs, count => Assert.Equal(0, Volatile.Read(ref count)));
        }

        Assert.True(await Task.Run(() => done.Wait(TimeSpan.FromSeconds(15))));
        Assert.All(runs, count => Assert.Equal(1, count));
        Assert.All(written, packets => Assert.Equal(["a", "b"], packets));

        // Once the writes are over, a send outside any fan-out writes at once again.
        done.Reset(1);
        outboxes[0].TryEnqueueMessage(EnginePacket.Message("c"));
        Assert.Equal(["a", "b", "c"], written[0]);
        Assert.Equal(2, runs[0]);
    }
}
