using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SocketIO.Serverless.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// io (the server API over the gateway's management API), request checks, SocketIO* parameters.
builder.UseSocketIO(builder.Configuration);

builder.Build().Run();
