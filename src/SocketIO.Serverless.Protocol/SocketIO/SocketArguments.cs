using System.Collections;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// The arguments of an EVENT or ACK by position, with binary arguments resolved from the attachments:
/// what a handler written like <c>socket.on("file", (bytes, meta) =&gt; ...)</c> needs.
/// </summary>
public sealed class SocketArguments : IReadOnlyList<JsonElement>
{
    private readonly JsonElement[] _items;

    /// <param name="data">A JSON array.</param>
    /// <param name="attachments">The bytes its placeholders refer to.</param>
    /// <param name="skip">Leading elements to leave out (1 for an EVENT's name).</param>
    public SocketArguments(JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int skip = 0)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"Arguments are a JSON array, not {data.ValueKind}.", nameof(data));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        _items = data.EnumerateArray().Skip(skip).ToArray();
        Attachments = attachments;
    }

    /// <summary>The arguments of a packet: an event's after its name, an ack's all of them.</summary>
    public static SocketArguments Of(SocketPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!(packet.IsEvent || packet.IsAck) || packet.Data is not { ValueKind: JsonValueKind.Array } data)
        {
            throw new ArgumentException($"A {packet.Type} packet has no arguments.", nameof(packet));
        }
        return new SocketArguments(data, packet.Attachments, packet.IsEvent ? 1 : 0);
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    public int Count => _items.Length;

    /// <summary>The raw argument; a binary one is its placeholder object.</summary>
    public JsonElement this[int index] => _items[index];

    /// <summary>True when the argument is a placeholder for an attachment.</summary>
    public bool IsBinary(int index) => SocketPlaceholders.IsPlaceholder(_items[index]);

    /// <summary>The bytes of a binary argument; false when the argument is not binary.</summary>
    public bool TryGetBytes(int index, out ReadOnlyMemory<byte> bytes) => SocketBinary.TryGetAttachment(_items[index], Attachments, out bytes);

    /// <summary>The bytes of a binary argument; throws <see cref="InvalidOperationException"/> when it is not binary.</summary>
    public ReadOnlyMemory<byte> GetBytes(int index) =>
        TryGetBytes(index, out var bytes) ? bytes : throw new InvalidOperationException($"Argument {index} is not binary: {_items[index].ValueKind}.");

    /// <summary>The argument as <typeparamref name="T"/>, bytes at any depth resolved (see <see cref="SocketBinary.Deserialize{T}"/>).</summary>
    public T? Get<T>(int index, JsonSerializerOptions? options = null) => SocketBinary.Deserialize<T>(_items[index], Attachments, options);

    public IEnumerator<JsonElement> GetEnumerator() => ((IEnumerable<JsonElement>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
