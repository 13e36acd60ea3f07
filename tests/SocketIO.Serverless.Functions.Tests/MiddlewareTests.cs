using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace SocketIO.Serverless.Functions.Tests;

public sealed class MiddlewareTests
{
    [Fact]
    public async Task Connect_middleware_rejects_a_bad_token_with_its_message_and_skips_the_function()
    {
        var invocation = new FakeInvocation(Upstream.Connect("""{"auth":{"token":"wrong"}}""", "/admin"));
        var next = new NextProbe();

        await new TokenMiddleware().InvokeAsync(invocation, next.Invoke);

        Assert.False(next.Called);
        Assert.Equal(401, invocation.Answer!.StatusCode);
        Assert.Equal("未授权", JsonDocument.Parse(invocation.Answer.Body!).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Connect_middleware_lets_a_good_token_through_with_socket_data_set()
    {
        var invocation = new FakeInvocation(Upstream.Connect("""{"auth":{"token":"secret"}}""", "/admin"));
        var next = new NextProbe();

        await new TokenMiddleware().InvokeAsync(invocation, next.Invoke);

        Assert.True(next.Called);
        Assert.Null(invocation.Answer);
        var connect = (SocketIOConnectRequest)(await invocation.ReadRequestAsync())!;
        Assert.Equal("alice", (string?)connect.Socket.Data["username"]);
        Assert.NotNull(connect.Accept().ConnectionState);
    }

    [Fact]
    public async Task Connect_middleware_of_one_namespace_ignores_the_others_and_events()
    {
        var otherNamespace = new FakeInvocation(Upstream.Connect("{}", "/"));
        var anEvent = new FakeInvocation(Upstream.Event("""42/admin,["x"]""", "/admin"));
        var next = new NextProbe();

        await new TokenMiddleware().InvokeAsync(otherNamespace, next.Invoke);
        await new TokenMiddleware().InvokeAsync(anEvent, next.Invoke);

        Assert.Equal(2, next.Calls);
        Assert.Null(otherNamespace.Answer);
        Assert.Null(anEvent.Answer);
    }

    [Fact]
    public async Task Event_middleware_may_answer_instead_of_the_function()
    {
        var blocked = new FakeInvocation(Upstream.Event("""420["forbidden"]"""));
        var allowed = new FakeInvocation(Upstream.Event("""42["message"]"""));
        var next = new NextProbe();

        await new BlockForbidden().InvokeAsync(blocked, next.Invoke);
        await new BlockForbidden().InvokeAsync(allowed, next.Invoke);

        Assert.Equal(1, next.Calls);
        Assert.Equal("""430["blocked"]""", blocked.Answer!.Body);
        Assert.Null(allowed.Answer);
    }

    [Fact]
    public async Task The_sdk_middleware_answers_malformed_and_badly_signed_requests_itself()
    {
        var malformed = new FakeInvocation(Upstream.Event("42[not json"));
        var forged = new FakeInvocation(Upstream.Event("""42["x"]""", signatureKey: "forged"));
        var next = new NextProbe();
        var middleware = new SocketIOWorkerMiddleware(NullLogger<SocketIOWorkerMiddleware>.Instance);

        await middleware.InvokeAsync(malformed, next.Invoke);
        await middleware.InvokeAsync(forged, next.Invoke);

        Assert.False(next.Called);
        Assert.Equal(400, malformed.Answer!.StatusCode);
        Assert.Equal(401, forged.Answer!.StatusCode);
    }

    [Theory]
    [InlineData("/api/socketio/ADMIN/connect")]
    [InlineData("/api/socketio/Admin/connect")]
    [InlineData("/api/socketio/admin/CONNECT")]
    public async Task The_sdk_middleware_refuses_a_request_the_host_routed_here_ignoring_case(string path)
    {
        var invocation = new FakeInvocation(Upstream.Connect("{}", "/ADMIN"), route: "socketio/admin/connect", path: path);
        var next = new NextProbe();

        await new SocketIOWorkerMiddleware(NullLogger<SocketIOWorkerMiddleware>.Instance).InvokeAsync(invocation, next.Invoke);

        Assert.False(next.Called);
        Assert.Equal(403, invocation.Answer!.StatusCode);
        Assert.Equal("Invalid namespace", JsonDocument.Parse(invocation.Answer.Body!).RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("socketio/admin/connect", "/api/socketio/admin/connect")]
    [InlineData("socketio/admin/admin command", "/api/socketio/admin/admin%20command")]
    [InlineData("socketio/{event}", "/api/socketio/%E6%B6%88%E6%81%AF")]
    [InlineData("socketio/{*rest}", "/api/socketio/Anything/goes")]
    public async Task The_sdk_middleware_lets_a_request_of_the_exact_route_through(string route, string path)
    {
        var invocation = new FakeInvocation(Upstream.Connect("{}", "/admin"), route: route, path: path);
        var next = new NextProbe();

        await new SocketIOWorkerMiddleware(NullLogger<SocketIOWorkerMiddleware>.Instance).InvokeAsync(invocation, next.Invoke);

        Assert.True(next.Called);
        Assert.Null(invocation.Answer);
    }

    [Fact]
    public async Task An_event_whose_packet_namespace_is_not_its_ce_namespace_is_refused()
    {
        var invocation = new FakeInvocation(Upstream.Event("""42/admin,["admin command"]""", "/"));
        var next = new NextProbe();

        await new SocketIOWorkerMiddleware(NullLogger<SocketIOWorkerMiddleware>.Instance).InvokeAsync(invocation, next.Invoke);

        Assert.False(next.Called);
        Assert.Equal(403, invocation.Answer!.StatusCode);
    }

    [Fact]
    public async Task The_sdk_middleware_leaves_other_functions_alone_and_converts_results_without_aspnetcore()
    {
        var timer = new FakeInvocation(Upstream.Event("broken"), httpTriggered: false);
        var classic = new FakeInvocation(Upstream.Event("""421["x"]"""), aspNetCore: false);
        var next = new NextProbe();
        var middleware = new SocketIOWorkerMiddleware(NullLogger<SocketIOWorkerMiddleware>.Instance);

        await middleware.InvokeAsync(timer, next.Invoke);
        await middleware.InvokeAsync(classic, async () =>
        {
            var ev = (SocketIOEvent)(await classic.ReadRequestAsync())!;
            classic.ReturnValue = ev.Ack("ok");
        });

        Assert.True(next.Called);
        Assert.Null(timer.Answer);
        Assert.Equal("""431["ok"]""", classic.Answer!.Body);
    }

    [Fact]
    public async Task Middleware_and_the_function_parameter_share_one_request_read_once()
    {
        var http = Upstream.Event("""42["message","hi"]""");
        var services = new ServiceCollection().AddSingleton(Upstream.Reader()).BuildServiceProvider();
        var function = new FakeFunctionContext(services);
        function.Items["HttpRequestContext"] = http.HttpContext;

        var inMiddleware = await function.GetSocketIORequestAsync();
        inMiddleware!.Socket.Data["seen"] = "by middleware";
        var asParameter = await new SocketIORequestConverter().ConvertAsync(new FakeConverterContext(typeof(SocketIOEvent), function));

        var ev = Assert.IsType<SocketIOEvent>(asParameter.Value);
        Assert.Same(inMiddleware, ev);
        Assert.Equal("by middleware", ev.Socket.Data["seen"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_input_converter_gives_functions_the_request_of_their_type()
    {
        var http = Upstream.Event("""42["message","hi"]""");
        var services = new ServiceCollection().AddSingleton(Upstream.Reader()).BuildServiceProvider();
        var function = new FakeFunctionContext(services);
        function.Items["HttpRequestContext"] = http.HttpContext;
        var converter = new SocketIORequestConverter();

        var asEvent = await converter.ConvertAsync(new FakeConverterContext(typeof(SocketIOEvent), function));
        var asString = await converter.ConvertAsync(new FakeConverterContext(typeof(string), function));

        Assert.Equal("hi", Assert.IsType<SocketIOEvent>(asEvent.Value).Arg<string>(0));
        Assert.Equal(Microsoft.Azure.Functions.Worker.Converters.ConversionStatus.Unhandled, asString.Status);
        await Assert.ThrowsAsync<SocketIORequestException>(() => converter.ConvertAsync(new FakeConverterContext(typeof(SocketIOConnectRequest), function)).AsTask());
    }

    /// <summary>The seed's io.use: a token from handshake.auth, socket.data.username from it.</summary>
    private sealed class TokenMiddleware() : SocketIOConnectMiddleware("/admin")
    {
        protected override ValueTask<SocketIOResult?> OnConnectAsync(SocketIOConnectRequest socket)
        {
            if (socket.Handshake.AuthString("token") != "secret")
            {
                return ValueTask.FromResult<SocketIOResult?>(socket.Reject("未授权"));
            }

            socket.Socket.Data["username"] = "alice";
            return ValueTask.FromResult<SocketIOResult?>(null);
        }
    }

    private sealed class BlockForbidden : SocketIOEventMiddleware
    {
        protected override ValueTask<SocketIOResult?> OnEventAsync(SocketIOEvent socketEvent) =>
            ValueTask.FromResult(socketEvent.Name == "forbidden" ? socketEvent.Ack("blocked") : null);
    }

    private sealed class NextProbe
    {
        public int Calls { get; private set; }

        public bool Called => Calls > 0;

        public Task Invoke()
        {
            Calls++;
            return Task.CompletedTask;
        }
    }

    private sealed class FakeInvocation(HttpRequest request, bool httpTriggered = true, bool aspNetCore = true, string? route = null, string? path = null) : ISocketIOInvocation
    {
        public string? Route => route;

        public Task<IReadOnlyList<string>?> ReadPathSegmentsAsync() => Task.FromResult(path is null ? null : FunctionRoute.SegmentsOf(path));

        private readonly SocketIORequestReader _reader = Upstream.Reader();

        public SocketIOResult? Answer { get; private set; }

        public string FunctionName => "test";

        public bool IsHttpTriggered => httpTriggered;

        public object? ReturnValue { get; set; }

        public bool IsAspNetCore => aspNetCore;

        public async Task<SocketIORequest?> ReadRequestAsync() =>
            SocketIORequestReader.IsSocketIORequest(request) ? await _reader.ReadAsync(request) : null;

        public Task AnswerAsync(SocketIOResult result)
        {
            Answer = result;
            return Task.CompletedTask;
        }
    }

    private sealed class FakeConverterContext(Type targetType, Microsoft.Azure.Functions.Worker.FunctionContext function) : Microsoft.Azure.Functions.Worker.Converters.ConverterContext
    {
        public override Type TargetType => targetType;

        public override object? Source => null;

        public override Microsoft.Azure.Functions.Worker.FunctionContext FunctionContext => function;

        public override IReadOnlyDictionary<string, object> Properties => new Dictionary<string, object>();
    }
}
