using Microsoft.Extensions.Configuration;

namespace SocketIO.Serverless.FunctionsHost.ClassicTestApp;

/// <summary>A DI service the functions use, configured from local.settings.json's Values (environment variables).</summary>
public interface IGreeter
{
    string Greet(string name);
}

public sealed class ConfiguredGreeter(IConfiguration configuration) : IGreeter
{
    public string Greet(string name) => $"{configuration["Greeting"] ?? "Hi"}, {name}!";
}
