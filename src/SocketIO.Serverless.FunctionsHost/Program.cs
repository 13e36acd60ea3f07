using Microsoft.Extensions.Options;
using SocketIO.Serverless.FunctionsHost;

// dotnet run --project src/SocketIO.Serverless.FunctionsHost -- --app <function app build output or project folder> [--port 7071]
try
{
    var host = FunctionsHostApplication.Build(args);
    await host.RunAsync().ConfigureAwait(false);
    return Environment.ExitCode;
}
catch (Exception e) when (e is OptionsValidationException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
{
    await Console.Error.WriteLineAsync($"Functions host: {e.Message}").ConfigureAwait(false);
    return 2;
}
