namespace SocketIO.Serverless.Bench.Tests;

/// <summary>The benchmark's tests run one at a time: each starts servers that want a core of their own.</summary>
[CollectionDefinition(Name)]
public sealed class BenchCollection
{
    public const string Name = "bench";
}
