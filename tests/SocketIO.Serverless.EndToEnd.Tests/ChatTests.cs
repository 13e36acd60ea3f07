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

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Lookalike_namespaces_and_dot_event_names_reach_no_other_namespace_function(string transport)
    {
        var output = await stack.RunAsync("namespaces.mjs", transport);

        Assert.Contains("ok - /admin without a token: connect_error 未授权", output, StringComparison.Ordinal);
        // "/ADMIN" is a namespace of its own to the gateway; the host routes it to /admin's connect function
        // ignoring case, and the SDK refuses it there before /admin's middleware or function runs.
        await stack.WaitForFunctionLogAsync("refused a Socket.IO request of namespace /ADMIN with 403");
    }

    [Fact]
    public async Task Connected_and_disconnected_are_logged_with_the_socket_id_as_the_seed_does()
    {
        var output = await stack.RunAsync("lifecycle.mjs", "websocket");
        var socketId = output.Split('\n').Single(line => line.StartsWith("socket-id=", StringComparison.Ordinal))["socket-id=".Length..].Trim();

        await stack.WaitForFunctionLogAsync("客户端连接: " + socketId);
        await stack.WaitForFunctionLogAsync("客户端断开连接: " + socketId);
    }

    [Fact]
    public async Task A_failing_or_missing_function_leaves_the_socket_working()
    {
        var output = await stack.RunAsync("faults.mjs", "websocket");

        Assert.Contains("ok - the socket still works", output, StringComparison.Ordinal);
    }
}
