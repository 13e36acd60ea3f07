using SocketIO.Serverless.Gateway.Hosting;

// The gateway: Engine.IO/Socket.IO for real clients, the chosen application behind it. Options come from
// appsettings.json, environment variables (SocketIO__ConnectTimeout=...) and the command line
// (--SocketIO:ConnectTimeout=...); see docs/gateway.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddSocketIOGateway();

var app = builder.Build();
app.MapSocketIOGateway();
app.Run();

