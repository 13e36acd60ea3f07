using System.Text.Json;

namespace SocketIO.Serverless.FunctionsHost.App;

/// <summary>The <c>description</c> of worker.config.json, which the Functions SDK writes into the build output.</summary>
public sealed record WorkerDescription(string ExecutablePath, string WorkerPath, IReadOnlyList<string> Arguments)
{
    public const string FileName = "worker.config.json";

    public static WorkerDescription Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("description", out var description))
        {
            throw new InvalidDataException($"{path} has no 'description'.");
        }

        var executable = GetString(description, "defaultExecutablePath") ?? "dotnet";
        var worker = GetString(description, "defaultWorkerPath")
            ?? throw new InvalidDataException($"{path}: description.defaultWorkerPath is missing.");
        var arguments = new List<string>();
        if (description.TryGetProperty("arguments", out var argumentsElement) && argumentsElement.ValueKind == JsonValueKind.Array)
        {
            arguments.AddRange(argumentsElement.EnumerateArray().Select(a => a.GetString() ?? string.Empty));
        }

        return new WorkerDescription(executable, Path.GetFullPath(worker, appDirectory), arguments);
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
