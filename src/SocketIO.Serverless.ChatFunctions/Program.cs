using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Serverless.ChatFunctions;
using SocketIO.Serverless.Functions;
using SocketIO.Serverless.ServiceDefaults;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The Socket.IO SDK: io (the server API), request checks, and SocketIOEvent / SocketIOConnectRequest parameters.
builder.UseSocketIO(builder.Configuration);

// The seed's io.use(...) authentication, for the /admin namespace.
builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName));
builder.UseMiddleware<AdminAuthMiddleware>();

// Logs, traces and metrics over OTLP / to Azure Monitor when configured: the invocation span continues the trace the
// gateway started (through the host), and the SDK's management calls carry it back to the gateway.
builder.AddServiceTelemetry(ChatTelemetry.Sources, otel => otel.UseFunctionsWorkerDefaults());

builder.Build().Run();
