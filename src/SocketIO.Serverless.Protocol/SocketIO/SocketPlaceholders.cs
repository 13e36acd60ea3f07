using System.Buffers;
using System.Text.Json;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// The binary placeholders of BINARY_EVENT / BINARY_ACK payloads: {"_placeholder":true,"num":N} stands for
/// attachment N, at any depth of the payload.
/// </summary>
public static class SocketPlaceholders
{
    internal const string MarkerProperty = "_placeholder";
    internal const string NumberProperty = "num";

    /// <summary>True when the element is an object whose "_placeholder" is true (whatever its "num"): the
    /// reference parser treats such an object as a placeholder, valid or not.</summary>
    public static bool IsPlaceholder(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(MarkerProperty, out var marker)
        && marker.ValueKind == JsonValueKind.True;

    /// <summary>True when the element is a placeholder with an integer num &gt;= 0 (not checked against any count).</summary>
    public static bool TryGetIndex(JsonElement element, out int index)
    {
        index = -1;
        return IsPlaceholder(element)
            && element.TryGetProperty(NumberProperty, out var num)
            && num.ValueKind == JsonValueKind.Number
            && num.TryGetInt32(out index)
            && index >= 0;
    }

    /// <summary>Writes the placeholder for attachment <paramref name="index"/>.</summary>
    public static void Write(Utf8JsonWriter writer, int index)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteBoolean(MarkerProperty, true);
        writer.WriteNumber(NumberProperty, index);
        writer.WriteEndObject();
    }

    /// <summary>Every placeholder's index, in document order (an invalid placeholder yields -1).</summary>
    public static IReadOnlyList<int> Find(JsonElement data)
    {
        var found = new List<int>();
        Collect(data, found, depth: 0);
        return found;
    }

    /// <summary>
    /// Checks the placeholders of a payload against the number of attachments its packet declares: every
    /// placeholder's num must be an integer in [0, attachmentCount) (the reference rejects out-of-range ones),
    /// and every attachment must be referenced at least once (otherwise its bytes would be lost silently).
    /// Returns <see cref="SocketParseError.None"/>, <see cref="SocketParseError.InvalidPlaceholder"/> or
    /// <see cref="SocketParseError.InvalidAttachmentCount"/>.
    /// </summary>
    public static SocketParseError Validate(JsonElement data, int attachmentCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attachmentCount);
        bool[]? rented = null;
        Span<bool> referenced = attachmentCount <= 256
            ? stackalloc bool[attachmentCount]
            : (rented = ArrayPool<bool>.Shared.Rent(attachmentCount)).AsSpan(0, attachmentCount);
        referenced.Clear();
        try
        {
            if (!Mark(data, referenced, depth: 0))
            {
                return SocketParseError.InvalidPlaceholder;
            }
            return referenced.Contains(false) ? SocketParseError.InvalidAttachmentCount : SocketParseError.None;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    // Recursion is bounded: parsed elements are at most SocketPacketLimits.MaxJsonDepth deep, and the depth
    // guard keeps elements built elsewhere (a writer allows 1000 levels) from going deeper than that.
    private static bool Mark(JsonElement element, Span<bool> referenced, int depth)
    {
        if (depth > SocketPacketLimits.MaxJsonDepth)
        {
            return false;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when IsPlaceholder(element):
                if (!TryGetIndex(element, out var index) || index >= referenced.Length)
                {
                    return false;
                }
                referenced[index] = true;
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Mark(property.Value, referenced, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Mark(item, referenced, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static void Collect(JsonElement element, List<int> found, int depth)
    {
        if (depth > SocketPacketLimits.MaxJsonDepth)
        {
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when IsPlaceholder(element):
                found.Add(TryGetIndex(element, out var index) ? index : -1);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, found, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found, depth + 1);
                }
                break;
        }
    }
}
