using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
namespace SocketIO.Serverless.Functions.Tests;

public sealed class SignatureTests
{
    [Fact]
    public async Task A_request_signed_with_the_access_key_is_accepted()
    {
        var ev = await Upstream.Reader().ReadAsync(Upstream.Event("""42["x"]"""));

        Assert.Equal("x", ev.EventName);
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_a_401()
    {
        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => Upstream.Reader().ReadAsync(Upstream.Event("""42["x"]""", signatureKey: "another-key")));

        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_request_is_a_401()
    {
        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => Upstream.Reader().ReadAsync(Upstream.Event("""42["x"]""", signatureKey: null)));

        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task A_signature_list_from_key_rotation_is_accepted_when_one_entry_matches()
    {
        var request = Upstream.Event("""42["x"]""");
        request.Headers["ce-signature"] = Protocol.Serverless.UpstreamSignature.Header(Upstream.ConnectionId, "old-key", Upstream.AccessKey);

        var ev = await Upstream.Reader().ReadAsync(request);

        Assert.Equal("x", ev.EventName);
    }

    [Fact]
    public async Task Validation_can_be_turned_off_and_is_skipped_without_a_key()
    {
        var unchecked1 = await Upstream.Reader(validate: false).ReadAsync(Upstream.Event("""42["x"]""", signatureKey: "another-key"));
        var unchecked2 = await Upstream.Reader(connectionString: null).ReadAsync(Upstream.Event("""42["x"]""", signatureKey: null));

        Assert.Equal("x", unchecked1.EventName);
        Assert.Equal("x", unchecked2.EventName);
    }
}

public sealed class StaticReadTests
{
    [Fact]
    public async Task The_static_read_uses_the_reader_registered_for_the_request_and_its_signature_check()
    {
        var services = new ServiceCollection()
            .AddSocketIO(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["SocketIO:ConnectionString"] = Upstream.ConnectionString, ["SocketIO:Hub"] = "chat" })
                .Build())
            .BuildServiceProvider();
        var forged = Upstream.Event("""42["x"]""", signatureKey: "forged");
        forged.HttpContext.RequestServices = services;
        var signed = Upstream.Event("""42["x"]""");
        signed.HttpContext.RequestServices = services;

        var error = await Assert.ThrowsAsync<SocketIORequestException>(() => SocketIOEvent.ReadAsync(forged));
        var ev = await SocketIOEvent.ReadAsync(signed);

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("x", ev.Name);
        Assert.Equal("chat", services.GetRequiredService<SocketIOServer>().Hub);
    }
}
