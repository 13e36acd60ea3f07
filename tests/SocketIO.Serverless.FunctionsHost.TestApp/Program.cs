using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Serverless.FunctionsHost.TestApp;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<StampResponseMiddleware>();
builder.Services.AddSingleton<IGreeter, ConfiguredGreeter>();
builder.Build().Run();
