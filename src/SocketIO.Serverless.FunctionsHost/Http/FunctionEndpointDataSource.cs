using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>
/// The functions' HTTP routes as ASP.NET Core endpoints, so route templates, constraints and the methods filter
/// behave as in the Functions host. Replaced whenever a worker (re)loads its functions.
/// </summary>
public sealed class FunctionEndpointDataSource(FunctionInvoker invoker) : EndpointDataSource
{
    private readonly object _gate = new();
    private IReadOnlyList<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public override IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Update(IEnumerable<HttpFunction> functions)
    {
        var endpoints = new List<Endpoint>();
        foreach (var function in functions)
        {
            var builder = new RouteEndpointBuilder(context => invoker.InvokeAsync(context, function), RoutePatternFactory.Parse(function.Route), order: 0)
            {
                DisplayName = $"Functions.{function.Name}",
            };
            if (function.Methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(function.Methods));
            }

            builder.Metadata.Add(function);
            endpoints.Add(builder.Build());
        }

        CancellationTokenSource previous;
        lock (_gate)
        {
            _endpoints = endpoints;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }
}
