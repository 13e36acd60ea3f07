using SocketIO.Serverless.Gateway.Management;

namespace SocketIO.Serverless.Gateway.Tests.Management;

public sealed class ODataFilterTests
{
    private static readonly FilterTarget Alice = new("conn1", "alice", new HashSet<string> { "0~Lw~", "0~Lw~cm0", "0~Lw~c29jaw" });
    private static readonly FilterTarget Anonymous = new("conn2", null, new HashSet<string> { "0~Lw~" });

    [Theory]
    [InlineData("'0~Lw~cm0' in groups", true, false)]
    [InlineData("not ('0~Lw~cm0' in groups)", false, true)]
    [InlineData("userId eq 'alice'", true, false)]
    [InlineData("userId eq null", false, true)]
    [InlineData("userId ne null and connectionId ne 'conn2'", true, false)]
    [InlineData("connectionId in ('conn2', 'conn3')", false, true)]
    [InlineData("connectionId eq 'conn1' or (userId eq null)", true, true)]
    [InlineData("length(userId) gt 3 and startswith(userId, 'al') and endswith(userId, 'ce') and contains(userId, 'lic')", true, false)]
    [InlineData("NOT ('0~Lw~cm0' IN groups) AND true", false, true)]
    [InlineData("userId eq 'it''s'", false, false)]
    [InlineData("false or 'x' in groups", false, false)]
    public void Evaluates_per_socket(string filter, bool forAlice, bool forAnonymous)
    {
        Assert.True(ODataFilter.TryParse(filter, out var node, out var error), error);
        Assert.Equal(forAlice, node.IsTrue(Alice));
        Assert.Equal(forAnonymous, node.IsTrue(Anonymous));
    }

    [Fact]
    public void Nesting_and_size_past_the_limits_are_refused_not_a_stack_overflow()
    {
        var nested = new string('(', ODataFilter.MaxDepth) + "true" + new string(')', ODataFilter.MaxDepth);
        Assert.True(ODataFilter.TryParse(nested[1..^1], out _, out var error), error);
        Assert.False(ODataFilter.TryParse(nested, out _, out error));
        Assert.Contains("nests deeper than 64", error, StringComparison.Ordinal);
        Assert.False(ODataFilter.TryParse(string.Concat(Enumerable.Repeat("not ", 100)) + "true", out _, out error));
        Assert.Contains("nests deeper", error, StringComparison.Ordinal);
        Assert.False(ODataFilter.TryParse(string.Join(" or ", Enumerable.Repeat("true", ODataFilter.MaxTokens)), out _, out error));
        Assert.Contains("tokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_chain_evaluates_in_a_loop()
    {
        var chain = string.Join(" or ", Enumerable.Range(0, 2_000).Select(i => $"userId eq 'u{i}'")) + " or userId eq 'alice'";
        Assert.True(ODataFilter.TryParse(chain, out var node, out var error), error);
        Assert.True(node.IsTrue(Alice));
        Assert.False(node.IsTrue(Anonymous));
        Assert.True(ODataFilter.TryParse(string.Join(" and ", Enumerable.Repeat("true", 3_000)) + " and userId eq null", out node, out error), error);
        Assert.False(node.IsTrue(Alice));
        Assert.True(node.IsTrue(Anonymous));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("userId eq", "expected a value")]
    [InlineData("userId eq 'a", "not closed")]
    [InlineData("room eq 'a'", "unknown identifier 'room'")]
    [InlineData("userId", "needs a boolean")]
    [InlineData("groups eq 'a'", "cannot compare groups")]
    [InlineData("'a' in userId", "needs a collection")]
    [InlineData("userId eq 1", "compares a string with a number")]
    [InlineData("(userId eq 'a'", "expected ')'")]
    [InlineData("userId eq 'a' userId", "end of the filter")]
    [InlineData("length(userId, 'x') gt 1", "takes 1 string argument")]
    [InlineData("userId eq 'a' & 1", "unexpected character '&'")]
    public void Rejects_bad_filters_with_a_reason(string filter, string expected)
    {
        Assert.False(ODataFilter.TryParse(filter, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
