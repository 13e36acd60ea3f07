using System.Collections.Immutable;
using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIO.Serverless.Functions.Tests;

/// <summary>A FunctionContext holding what the SDK reads from one (items, services, the function's bindings).</summary>
internal sealed class FakeFunctionContext(IServiceProvider? services = null, bool httpTriggered = true) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => "fake";

    public override TraceContext TraceContext => null!;

    public override BindingContext BindingContext => null!;

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = services ?? new ServiceCollection().BuildServiceProvider();

    public override FunctionDefinition FunctionDefinition { get; } = new FakeFunctionDefinition(httpTriggered);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => null!;

    private sealed class FakeFunctionDefinition(bool httpTriggered) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => string.Empty;

        public override string EntryPoint => "Fake.Run";

        public override string Id => "fake";

        public override string Name => "fake";

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
            httpTriggered ? ImmutableDictionary<string, BindingMetadata>.Empty.Add("req", new TriggerMetadata()) : ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class TriggerMetadata : BindingMetadata
    {
        public override string Name => "req";

        public override string Type => "httpTrigger";

        public override BindingDirection Direction => BindingDirection.In;
    }
}

internal sealed class FakeHttpRequestData(FunctionContext context, string method, IReadOnlyDictionary<string, string> headers, string body) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body));

    public override HttpHeadersCollection Headers { get; } = new(headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value)));

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url => new("http://localhost/api/socketio/x");

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method => method;

    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}

internal sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override System.Net.HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => null!;
}
