using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using SocketIO.Serverless.ServiceDefaults;

namespace SocketIO.Serverless.AppHost.Tests;

/// <summary>AddServiceTelemetry, what every process calls: nothing without an exporter setting, OTLP export with one.</summary>
public sealed class ServiceTelemetryTests
{
    [Fact]
    public void Without_an_exporter_setting_nothing_is_registered()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        Assert.False(builder.AddServiceTelemetry(new ServiceTelemetry(["Unit.Source"], ["Unit.Meter"])));

        using var host = builder.Build();
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_spans_of_its_sources_reach_it_under_its_service_name()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[ServiceTelemetryExtensions.OtlpEndpointSetting] = otlp.Endpoint.ToString().TrimEnd('/');
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        var name = "unit-" + Guid.NewGuid().ToString("N")[..8];

        Assert.True(builder.AddServiceTelemetry(new ServiceTelemetry([name], []) { ServiceName = name }));

        using var source = new ActivitySource(name);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            using (source.StartActivity("unit span"))
            {
            }

            // Stopping the host disposes the tracer provider, which flushes the batch to the endpoint.
            await host.StopAsync();
        }

        Assert.Contains(otlp.Spans, s => s.Service == name && s.Scope == name && s.Name == "unit span");
    }
}
