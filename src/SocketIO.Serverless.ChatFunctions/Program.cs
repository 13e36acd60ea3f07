using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Serverless.ChatFunctions;
using SocketIO.Serverless.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// The Socket.IO SDK: io (the server API), request checks, and SocketIOEvent / SocketIOConnectRequest parameters.
builder.UseSocketIO(builder.Configuration);

// The seed's io.use(...) authentication, for the /admin namespace.
builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName));
builder.UseMiddleware<AdminAuthMiddleware>();

builder.Build().Run();
