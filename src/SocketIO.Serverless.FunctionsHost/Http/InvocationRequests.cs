using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using SocketIO.Serverless.FunctionsHost.Rpc;
using SocketIO.Serverless.FunctionsHost.Worker;

namespace SocketIO.Serverless.FunctionsHost.Http;

/// <summary>Builds InvocationRequests for HTTP triggers the way the Functions host does.</summary>
public static class InvocationRequests
{
    /// <summary>
    /// The request: the trigger parameter as RpcHttp, and the trigger metadata the worker binds other parameters
    /// from (route parameters by name, <c>Query</c>, <c>Headers</c>).
    /// </summary>
    public static InvocationRequest Create(HttpContext context, HttpFunction function, string invocationId, RpcHttp trigger)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? string.Empty, TraceState = Activity.Current?.TraceStateString ?? string.Empty },
        };
        request.InputData.Add(new ParameterBinding { Name = function.TriggerParameter, Data = new TypedData { Http = trigger } });
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not null)
            {
                request.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty };
            }
        }

        request.TriggerMetadata["Query"] = new TypedData { Json = ToJson(context.Request.Query.Select(q => (q.Key, q.Value.ToString()))) };
        request.TriggerMetadata["Headers"] = new TypedData { Json = ToJson(context.Request.Headers.Select(h => (h.Key, h.Value.ToString()))) };
        return request;
    }

    /// <summary>
    /// The trigger data when the worker serves HTTP itself (ASP.NET Core integration): the request travels over
    /// HTTP, so the message stays minimal; route parameters only if the worker asks for them.
    /// </summary>
    public static RpcHttp ForProxying(HttpContext context, ReadyWorker worker)
    {
        var http = new RpcHttp();
        if (worker.HasCapability(WorkerCapabilities.RequiresRouteParameters))
        {
            AddRouteParameters(context, http, worker.HasCapability(WorkerCapabilities.UseNullableValueDictionaryForHttp));
        }

        return http;
    }

    /// <summary>The whole request as RpcHttp (classic mode): method, URL, headers, query, route parameters and body.</summary>
    public static async Task<RpcHttp> ForRpcAsync(HttpContext context, ReadyWorker worker, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var nullable = worker.HasCapability(WorkerCapabilities.UseNullableValueDictionaryForHttp);
        var http = new RpcHttp
        {
            Method = request.Method,
            Url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
        };
        foreach (var (name, values) in request.Headers)
        {
            var key = name.ToLowerInvariant();
            if (nullable)
            {
                http.NullableHeaders[key] = new NullableString { Value = values.ToString() };
            }
            else if (!string.IsNullOrEmpty(values.ToString()))
            {
                http.Headers[key] = values.ToString();
            }
        }

        foreach (var (name, values) in request.Query)
        {
            if (nullable)
            {
                http.NullableQuery[name] = new NullableString { Value = values.ToString() };
            }
            else
            {
                http.Query[name] = values.ToString();
            }
        }

        AddRouteParameters(context, http, nullable);
        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is not null)
        {
            if (worker.HasCapability(WorkerCapabilities.RawHttpBodyBytes))
            {
                http.Body = new TypedData { Bytes = body };
            }
            else
            {
                http.Body = new TypedData { String = body.ToStringUtf8() };
            }

            if (!worker.HasCapability(WorkerCapabilities.RpcHttpBodyOnly))
            {
                http.RawBody = http.Body.Clone();
            }
        }

        return http;
    }

    private static void AddRouteParameters(HttpContext context, RpcHttp http, bool nullable)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            if (text is null)
            {
                continue;
            }

            if (nullable)
            {
                http.NullableParams[name] = new NullableString { Value = text };
            }
            else
            {
                http.Params[name] = text;
            }
        }
    }

    private static async Task<ByteString?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length == 0 ? null : UnsafeByteOperations.UnsafeWrap(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private static string ToJson(IEnumerable<(string Key, string Value)> pairs)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
