using System.Diagnostics;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Gateway.Upstream;

/// <summary>
/// Sends one upstream request within the configured timeout and turns every way it can go wrong into an
/// <see cref="UpstreamResult"/>: it never throws for a function's fault, so no caller can be crashed by one.
/// </summary>
internal sealed class UpstreamInvoker(
    IHttpClientFactory clients,
    UpstreamRequestFactory requests,
    IOptionsMonitor<UpstreamOptions> options,
    UpstreamMetrics metrics,
    TimeProvider time)
{
    public const string HttpClientName = "SocketIO.Serverless.Upstream";

    public static readonly ActivitySource ActivitySource = new(UpstreamMetrics.MeterName);

    public async Task<UpstreamResult> InvokeAsync(UpstreamCall call, HttpContent content, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"upstream {call.EventName}", ActivityKind.Client);
        activity?.SetTag("socketio.event.type", call.EventType);
        activity?.SetTag("socketio.namespace", call.Socket.Namespace);
        activity?.SetTag("socketio.socket.id", call.Socket.SocketId);
        activity?.SetTag("url.full", call.Url.ToString());
        if (activity is null && Activity.Current is not null && !ActivitySource.HasListeners())
        {
            // Nothing traces (no OpenTelemetry: no listener on this source). The ambient activity is then ASP.NET
            // Core's own for the client's WebSocket request, made for log scopes; under it HttpClient would start a
            // child activity and write a traceparent on every call, for nobody (measurable per event). Cleared for
            // this call only: an async method's change of Activity.Current does not flow back to its caller.
            Activity.Current = null;
        }

        var started = time.GetTimestamp();
        var result = await SendAsync(call, content, cancellationToken).ConfigureAwait(false);
        var outcome = result.Failure != UpstreamFailure.None ? UpstreamResult.FailureName(result.Failure) : result.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metrics.Completed(call.EventType, outcome, time.GetElapsedTime(started));
        activity?.SetTag("http.response.status_code", result.Status);
        if (result.Failure is not UpstreamFailure.None and not UpstreamFailure.Cancelled)
        {
            activity?.SetStatus(ActivityStatusCode.Error, UpstreamResult.FailureName(result.Failure));
        }

        return result;
    }

    // Read without validation: the typed read parsed the header store into a new array per response, and the value is
    // checked where it is applied (HttpSocketApplication.ApplyState).
    private static string? ConnectionStateOf(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues(CloudEventHeaders.ConnectionState, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value;
        }

        return string.Empty;
    }

    private async Task<UpstreamResult> SendAsync(UpstreamCall call, HttpContent content, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.CurrentValue.Timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = requests.Create(call, content);
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            var state = ConnectionStateOf(response);
            return new UpstreamResult(UpstreamFailure.None, (int)response.StatusCode, body, state, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return UpstreamResult.Failed(UpstreamFailure.Cancelled, "the socket went away");
        }
        catch (OperationCanceledException)
        {
            // Timeouts and unreachable hosts are expected failure kinds: the detail tells the whole story, so the
            // log gets no stack trace for them.
            return UpstreamResult.Failed(UpstreamFailure.Timeout, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return UpstreamResult.Failed(UpstreamFailure.Unreachable, $"{call.Url.GetLeftPart(UriPartial.Authority)} is unreachable ({e.HttpRequestError}: {e.Message})");
        }
        catch (HttpRequestException e)
        {
            return UpstreamResult.Failed(UpstreamFailure.InvalidResponse, e.Message, e);
        }
        catch (ObjectDisposedException e)
        {
            // The host is shutting down and disposed the HTTP machinery under an in-flight call.
            return UpstreamResult.Failed(UpstreamFailure.Unreachable, "the gateway is shutting down", e);
        }
    }
}
