using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Serverless.FunctionsHost.ClassicTestApp;

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<StampResponseMiddleware>();
builder.Services.AddSingleton<IGreeter, ConfiguredGreeter>();
builder.Build().Run();
