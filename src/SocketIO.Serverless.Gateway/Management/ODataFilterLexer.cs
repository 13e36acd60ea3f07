using System.Text;

namespace SocketIO.Serverless.Gateway.Management;

internal enum FilterTokenKind { Identifier, String, Number, OpenParen, CloseParen, Comma, End }

internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);

/// <summary>Splits an OData filter into tokens: identifiers/keywords, '…' strings ('' escapes a quote), integers, ( ) ,.</summary>
internal static class ODataFilterLexer
{
    public static List<FilterToken> Tokenize(string filter)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(new(c switch { '(' => FilterTokenKind.OpenParen, ')' => FilterTokenKind.CloseParen, _ => FilterTokenKind.Comma }, c.ToString(), i));
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(ReadString(filter, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < filter.Length && char.IsAsciiDigit(filter[i + 1])))
            {
                var start = i++;
                while (i < filter.Length && char.IsAsciiDigit(filter[i]))
                {
                    i++;
                }

                tokens.Add(new(FilterTokenKind.Number, filter[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < filter.Length && (char.IsAsciiLetterOrDigit(filter[i]) || filter[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new(FilterTokenKind.Identifier, filter[start..i], start));
            }
            else
            {
                throw new ODataFilterException($"unexpected character '{c}' at position {i}");
            }
        }

        tokens.Add(new(FilterTokenKind.End, string.Empty, filter.Length));
        return tokens;
    }

    private static FilterToken ReadString(string filter, ref int i)
    {
        var start = i++;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= filter.Length)
            {
                throw new ODataFilterException($"the string starting at position {start} is not closed with '");
            }

            if (filter[i] == '\'')
            {
                if (i + 1 < filter.Length && filter[i + 1] == '\'')
                {
                    text.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return new(FilterTokenKind.String, text.ToString(), start);
            }

            text.Append(filter[i++]);
        }
    }
}

/// <summary>A filter that cannot be parsed or does not type-check; the message says where and why.</summary>
internal sealed class ODataFilterException(string message) : Exception(message);
