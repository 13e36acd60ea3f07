using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// The OData filter of Web PubSub's REST API, over a socket's <c>connectionId</c>, <c>userId</c> and <c>groups</c>:
/// <c>and</c>, <c>or</c>, <c>not</c>, parentheses, <c>eq ne gt ge lt le</c>, <c>in</c> (a parenthesised list or
/// <c>groups</c>), <c>length startswith endswith contains</c>, string/integer literals, <c>true false null</c>.
/// Parsed once per request, type-checked, then evaluated per socket. Values compare ordinally (case-sensitive),
/// because group names are base64url and case matters in them. Bounded, so that no filter can exhaust the
/// stack: at most <see cref="MaxDepth"/> levels of parentheses, <c>not</c> and function calls, and at most
/// <see cref="MaxTokens"/> tokens; chains of <c>and</c>/<c>or</c> become one node with many operands, evaluated
/// in a loop. A filter past a limit is refused (HTTP 400), never a crash.
/// </summary>
internal sealed class ODataFilter
{
    private static readonly HashSet<string> Fields = ["connectionId", "userId", "groups"];
    private static readonly HashSet<string> Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
    private static readonly Dictionary<string, int> Functions = new() { ["length"] = 1, ["startswith"] = 2, ["endswith"] = 2, ["contains"] = 2 };

    /// <summary>Deepest nesting of parentheses, <c>not</c> and function arguments.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most tokens (values, operators, parentheses) in one filter.</summary>
    public const int MaxTokens = 10_000;

    private readonly List<FilterToken> _tokens;
    private int _next;
    private int _depth;

    private ODataFilter(List<FilterToken> tokens) => _tokens = tokens;

    public static bool TryParse(string? text, [NotNullWhen(true)] out FilterNode? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the filter is empty";
            return false;
        }

        try
        {
            var tokens = ODataFilterLexer.Tokenize(text);
            if (tokens.Count > MaxTokens + 1)
            {
                error = $"the filter has more than {MaxTokens} tokens";
                return false;
            }

            var parser = new ODataFilter(tokens);
            var node = parser.ParseOr();
            parser.Expect(FilterTokenKind.End, "the end of the filter");
            Require(node, FilterType.Boolean, "the filter");
            filter = node;
            error = null;
            return true;
        }
        catch (ODataFilterException e)
        {
            error = e.Message;
            return false;
        }
    }

    private FilterToken Peek => _tokens[_next];

    private FilterNode ParseOr()
    {
        Enter();
        var first = ParseAnd();
        List<FilterNode>? operands = null;
        while (IsKeyword("or"))
        {
            _next++;
            operands ??= [Require(first, FilterType.Boolean, "'or'")];
            operands.Add(Require(ParseAnd(), FilterType.Boolean, "'or'"));
        }

        _depth--;
        return operands is null ? first : new LogicalNode(false, operands);
    }

    private FilterNode ParseAnd()
    {
        var first = ParseUnary();
        List<FilterNode>? operands = null;
        while (IsKeyword("and"))
        {
            _next++;
            operands ??= [Require(first, FilterType.Boolean, "'and'")];
            operands.Add(Require(ParseUnary(), FilterType.Boolean, "'and'"));
        }

        return operands is null ? first : new LogicalNode(true, operands);
    }

    private FilterNode ParseUnary()
    {
        if (IsKeyword("not"))
        {
            _next++;
            Enter();
            var operand = Require(ParseUnary(), FilterType.Boolean, "'not'");
            _depth--;
            return new NotNode(operand);
        }

        return ParseComparison();
    }

    /// <summary>One level deeper; the recursion of the parser (and of evaluation) is bounded by the input's nesting.</summary>
    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new ODataFilterException($"the filter nests deeper than {MaxDepth} levels (parentheses, not, function calls)");
        }
    }

    private FilterNode ParseComparison()
    {
        var left = ParsePrimary();
        if (Peek.Kind == FilterTokenKind.Identifier && Comparisons.Contains(Peek.Text.ToLowerInvariant()))
        {
            var op = _tokens[_next++].Text.ToLowerInvariant();
            var right = ParsePrimary();
            CheckComparable(op, left, right);
            return new CompareNode(op, left, right);
        }

        if (IsKeyword("in"))
        {
            _next++;
            var collection = ParsePrimary(allowList: true);
            Require(collection, FilterType.Collection, "'in' (a list in parentheses, or groups)");
            if (left.Type is not (FilterType.String or FilterType.Null))
            {
                throw new ODataFilterException("the left side of 'in' must be a string");
            }

            return new InNode(left, collection);
        }

        return left;
    }

    private FilterNode ParsePrimary(bool allowList = false)
    {
        var token = _tokens[_next++];
        switch (token.Kind)
        {
            case FilterTokenKind.String:
                return new LiteralNode(token.Text, FilterType.String);
            case FilterTokenKind.Number:
                return long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? new LiteralNode(number, FilterType.Number)
                    : throw new ODataFilterException($"the number '{token.Text}' at position {token.Position} is too large");
            case FilterTokenKind.OpenParen:
                return ParseParenthesised(allowList);
            case FilterTokenKind.Identifier:
                return ParseIdentifier(token);
            default:
                throw new ODataFilterException($"expected a value at position {token.Position}, found '{Describe(token)}'");
        }
    }

    private FilterNode ParseParenthesised(bool allowList)
    {
        var first = ParseOr();
        if (allowList && Peek.Kind == FilterTokenKind.Comma || allowList && first is LiteralNode && Peek.Kind == FilterTokenKind.CloseParen)
        {
            var items = new List<FilterNode> { first };
            while (Peek.Kind == FilterTokenKind.Comma)
            {
                _next++;
                items.Add(ParsePrimary());
            }

            Expect(FilterTokenKind.CloseParen, "')' closing the list");
            if (items.Any(item => item is not LiteralNode))
            {
                throw new ODataFilterException("a list after 'in' may only hold literal values");
            }

            return new ListNode(items);
        }

        Expect(FilterTokenKind.CloseParen, "')'");
        return first;
    }

    private FilterNode ParseIdentifier(FilterToken token)
    {
        var name = token.Text;
        var lower = name.ToLowerInvariant();
        switch (lower)
        {
            case "true" or "false":
                return new LiteralNode(lower == "true", FilterType.Boolean);
            case "null":
                return new LiteralNode(null, FilterType.Null);
        }

        if (Functions.TryGetValue(lower, out var arity) && Peek.Kind == FilterTokenKind.OpenParen)
        {
            _next++;
            var arguments = new List<FilterNode> { ParseOr() };
            while (Peek.Kind == FilterTokenKind.Comma)
            {
                _next++;
                arguments.Add(ParseOr());
            }

            Expect(FilterTokenKind.CloseParen, $"')' closing {lower}(");
            if (arguments.Count != arity || arguments.Any(argument => argument.Type is not (FilterType.String or FilterType.Null)))
            {
                throw new ODataFilterException($"{lower}() takes {arity} string argument{(arity == 1 ? string.Empty : "s")}");
            }

            return new FunctionNode(lower, arguments);
        }

        var field = Fields.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
        return field is not null
            ? new FieldNode(field)
            : throw new ODataFilterException($"unknown identifier '{name}' at position {token.Position}: use connectionId, userId or groups");
    }

    private static void CheckComparable(string op, FilterNode left, FilterNode right)
    {
        if (left.Type == FilterType.Collection || right.Type == FilterType.Collection)
        {
            throw new ODataFilterException($"'{op}' cannot compare groups; use 'value' in groups");
        }

        var types = new[] { left.Type, right.Type }.Where(type => type != FilterType.Null).Distinct().ToList();
        if (types.Count > 1)
        {
            throw new ODataFilterException($"'{op}' compares a {types[0].ToString().ToLowerInvariant()} with a {types[1].ToString().ToLowerInvariant()}");
        }
    }

    private static FilterNode Require(FilterNode node, FilterType type, string where) =>
        node.Type == type ? node : throw new ODataFilterException($"{where} needs a {type.ToString().ToLowerInvariant()} expression, not a {node.Type.ToString().ToLowerInvariant()}");

    private bool IsKeyword(string keyword) => Peek.Kind == FilterTokenKind.Identifier && string.Equals(Peek.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private void Expect(FilterTokenKind kind, string what)
    {
        if (Peek.Kind != kind)
        {
            throw new ODataFilterException($"expected {what} at position {Peek.Position}, found '{Describe(Peek)}'");
        }

        _next++;
    }

    private static string Describe(FilterToken token) => token.Kind == FilterTokenKind.End ? "end of filter" : token.Text;
}
