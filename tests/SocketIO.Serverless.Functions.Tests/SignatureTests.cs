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
