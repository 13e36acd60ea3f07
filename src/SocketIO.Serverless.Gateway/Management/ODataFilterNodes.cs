namespace SocketIO.Serverless.Gateway.Management;

/// <summary>What a filter is evaluated against: one socket, as Web PubSub sees a connection.</summary>
internal sealed record FilterTarget(string ConnectionId, string? UserId, IReadOnlySet<string> Groups);

internal enum FilterType { Boolean, String, Number, Null, Collection }

/// <summary>A node of a parsed filter, with its static type (checked at parse time, so evaluation cannot fail).</summary>
internal abstract record FilterNode(FilterType Type)
{
    public abstract object? Evaluate(FilterTarget target);

    public bool IsTrue(FilterTarget target) => Evaluate(target) is true;
}

internal sealed record LiteralNode(object? Value, FilterType LiteralType) : FilterNode(LiteralType)
{
    public override object? Evaluate(FilterTarget target) => Value;
}

internal sealed record FieldNode(string Name) : FilterNode(Name == "groups" ? FilterType.Collection : FilterType.String)
{
    public override object? Evaluate(FilterTarget target) => Name switch
    {
        "connectionId" => target.ConnectionId,
        "userId" => target.UserId,
        _ => target.Groups,
    };
}

internal sealed record ListNode(IReadOnlyList<FilterNode> Items) : FilterNode(FilterType.Collection)
{
    public override object? Evaluate(FilterTarget target) => Items.Select(item => item.Evaluate(target)).ToList();
}

internal sealed record NotNode(FilterNode Operand) : FilterNode(FilterType.Boolean)
{
    public override object? Evaluate(FilterTarget target) => !Operand.IsTrue(target);
}

/// <summary>A chain <c>a and b and c</c> (or <c>or</c>) as one node: evaluated in a loop, however long the chain.</summary>
internal sealed record LogicalNode(bool IsAnd, IReadOnlyList<FilterNode> Operands) : FilterNode(FilterType.Boolean)
{
    public override object? Evaluate(FilterTarget target)
    {
        foreach (var operand in Operands)
        {
            if (operand.IsTrue(target) != IsAnd)
            {
                return !IsAnd;
            }
        }

        return IsAnd;
    }
}

internal sealed record InNode(FilterNode Item, FilterNode Collection) : FilterNode(FilterType.Boolean)
{
    public override object? Evaluate(FilterTarget target) => Collection.Evaluate(target) switch
    {
        IReadOnlySet<string> set => Item.Evaluate(target) is string value && set.Contains(value),
        IEnumerable<object?> items => items.Any(candidate => Equals(candidate, Item.Evaluate(target))),
        _ => false,
    };
}

internal sealed record CompareNode(string Operator, FilterNode Left, FilterNode Right) : FilterNode(FilterType.Boolean)
{
    public override object? Evaluate(FilterTarget target)
    {
        var left = Left.Evaluate(target);
        var right = Right.Evaluate(target);
        return Operator switch
        {
            "eq" => Equals(left, right),
            "ne" => !Equals(left, right),
            _ when left is null || right is null => false,
            _ => Order(Compare(left, right)),
        };
    }

    private static int Compare(object left, object right) => left is string a && right is string b
        ? string.CompareOrdinal(a, b)
        : Convert.ToInt64(left, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(right, System.Globalization.CultureInfo.InvariantCulture));

    private bool Order(int comparison) => Operator switch
    {
        "gt" => comparison > 0,
        "ge" => comparison >= 0,
        "lt" => comparison < 0,
        _ => comparison <= 0,
    };
}

internal sealed record FunctionNode(string Name, IReadOnlyList<FilterNode> Arguments) : FilterNode(Name == "length" ? FilterType.Number : FilterType.Boolean)
{
    public override object? Evaluate(FilterTarget target)
    {
        var first = Arguments[0].Evaluate(target) as string;
        if (Name == "length")
        {
            return first is null ? null : (long)first.Length;
        }

        if (first is null || Arguments[1].Evaluate(target) is not string second)
        {
            return false;
        }

        return Name switch
        {
            "startswith" => first.StartsWith(second, StringComparison.Ordinal),
            "endswith" => first.EndsWith(second, StringComparison.Ordinal),
            _ => first.Contains(second, StringComparison.Ordinal),
        };
    }
}
