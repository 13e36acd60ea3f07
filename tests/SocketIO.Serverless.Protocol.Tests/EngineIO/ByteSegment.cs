using System.Buffers;

namespace SocketIO.Serverless.Protocol.Tests.EngineIO;

/// <summary>One segment of a multi-segment <see cref="ReadOnlySequence{T}"/>, to feed decoders input split anywhere.</summary>
internal sealed class ByteSegment : ReadOnlySequenceSegment<byte>
{
    public ByteSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public ByteSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new ByteSegment(memory, RunningIndex + Memory.Length);
        Next = next;
        return next;
    }
}
