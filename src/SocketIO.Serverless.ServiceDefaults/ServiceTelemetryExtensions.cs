using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SocketIO.Serverless.ServiceDefaults;

/// <summary>OpenTelemetry for one process of the system: its own sources and meters plus ASP.NET Core, HttpClient and the runtime.</summary>
public static class ServiceTelemetryExtensions
{
    /// <summary>The standard OTLP exporter setting; the Aspire AppHost sets it (with OTEL_SERVICE_NAME) for every resource.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Set by Azure (Application Insights) for a Function App or a Container App with monitoring on.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Exports logs (with trace ids), traces and metrics when an exporter is configured (OTLP, Azure Monitor, or
    /// both); otherwise registers nothing, so a process without telemetry pays nothing for it.
    /// <paramref name="configure"/> adds what only this process needs (the Functions worker's instrumentation).
    /// </summary>
    /// <returns>Whether an exporter is configured.</returns>
    public static bool AddServiceTelemetry(this IHostApplicationBuilder builder, ServiceTelemetry telemetry, Action<IOpenTelemetryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(telemetry);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var azureMonitor = !string.IsNullOrWhiteSpace(builder.Configuration[ApplicationInsightsSetting]);
        if (!otlp && !azureMonitor)
        {
            return false;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var open = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource([.. telemetry.ActivitySources])
                // Health probes (the AppHost polls every few seconds) would bury the traces that matter.
                .AddAspNetCoreInstrumentation(asp => asp.Filter = static context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter([.. telemetry.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (telemetry.ServiceName is { Length: > 0 } name)
        {
            open.ConfigureResource(resource => resource.AddService(name));
        }

        configure?.Invoke(open);
        if (otlp)
        {
            open.UseOtlpExporter();
        }

        if (azureMonitor)
        {
            open.UseAzureMonitorExporter();
        }

        return true;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/admin/host/status");
}

/// <summary>The activity sources and meters one process exports, and its service name when the environment does not give one.</summary>
public sealed record ServiceTelemetry(IReadOnlyList<string> ActivitySources, IReadOnlyList<string> Meters)
{
    /// <summary>Overrides OTEL_SERVICE_NAME (e.g. the worker, which inherits its host's environment).</summary>
    public string? ServiceName { get; init; }
}
