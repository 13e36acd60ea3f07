using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Reads back, from a send's OData filter, the Socket.IO room targeting the Functions SDK encodes in it
/// (<c>to(a).to(b).except(c)</c> as <c>('a' in groups or 'b' in groups) and not ('c' in groups)</c>), so the
/// gateway can address rooms rather than the sockets present right now: a socket away and recovering later then gets
/// the packet replayed (connection state recovery, docs/recovery.md). Any other filter is not translated.
/// </summary>
internal static class RoomFilter
{
    /// <summary>
    /// The rooms and except rooms <paramref name="filter"/> means in <paramref name="namespace"/>: an <c>and</c> of at
    /// most one <c>'g' in groups</c> disjunction and any number of negated ones, over groups of that namespace.
    /// </summary>
    public static bool TryTranslate(FilterNode filter, string @namespace, out List<string> rooms, out List<string> exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(filter);
        rooms = [];
        exceptRooms = [];
        var terms = filter is LogicalNode { IsAnd: true } and ? and.Operands : [filter];
        var positive = false;
        foreach (var term in terms)
        {
            if (term is NotNode { Operand: var negated })
            {
                if (!TryGroups(negated, @namespace, exceptRooms, out _))
                {
                    return false;
                }
            }
            else if (positive || !TryGroups(term, @namespace, rooms, out var wholeNamespace))
            {
                // Two disjunctions are an intersection, which a target of rooms cannot say.
                return false;
            }
            else
            {
                positive = true;
                if (wholeNamespace)
                {
                    rooms.Clear();
                }
            }
        }

        return true;
    }

    /// <summary><c>'g' in groups</c> or an <c>or</c> of them; <paramref name="wholeNamespace"/> when one is the namespace's own group (every socket).</summary>
    private static bool TryGroups(FilterNode node, string @namespace, List<string> rooms, out bool wholeNamespace)
    {
        wholeNamespace = false;
        var items = node is LogicalNode { IsAnd: false } or ? or.Operands : [node];
        foreach (var item in items)
        {
            if (item is not InNode { Item: LiteralNode { Value: string name }, Collection: FieldNode { Name: "groups" } }
                || !SocketIOGroup.TryParse(name, out var group, out _)
                || !string.Equals(group.Namespace, @namespace, StringComparison.Ordinal))
            {
                return false;
            }

            if (group.Room is { } room)
            {
                rooms.Add(room);
            }
            else
            {
                wholeNamespace = true;
            }
        }

        return true;
    }
}
