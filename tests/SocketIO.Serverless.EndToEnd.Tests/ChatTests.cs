namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>Every event of the seed's app, through socket.io-client, the gateway, the local host and the real worker.</summary>
[Collection(ChatStackCollection.Name)]
public sealed class ChatTests(ChatStack stack)
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task The_chat_namespace_serves_every_event(string transport)
    {
        var output = await stack.RunAsync("chat.mjs", transport);

        Assert.Contains("ok - ask", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task The_admin_namespace_needs_a_token_and_knows_its_user(string transport)
    {
        var output = await stack.RunAsync("admin.mjs", transport);

        Assert.Contains("ok - admin command", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_or_missing_function_leaves_the_socket_working()
    {
        var output = await stack.RunAsync("faults.mjs", "websocket");

        Assert.Contains("ok - the socket still works", output, StringComparison.Ordinal);
    }
}
