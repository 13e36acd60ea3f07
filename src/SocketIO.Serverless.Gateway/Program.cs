using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.ServiceDefaults;

// The gateway: Engine.IO/Socket.IO for real clients, the chosen application behind it. Options come from
// appsettings.json, environment variables (SocketIO__ConnectTimeout=...) and the command line
// (--SocketIO:ConnectTimeout=...); see docs/gateway.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddSocketIOGateway();
// Logs, traces and metrics over OTLP / to Azure Monitor when configured (docs/telemetry.md).
builder.AddServiceTelemetry(GatewayTelemetry.Sources);

var app = builder.Build();
app.MapSocketIOGateway();
app.Run();

