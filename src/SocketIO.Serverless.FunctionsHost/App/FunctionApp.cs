namespace SocketIO.Serverless.FunctionsHost.App;

/// <summary>A function app found on disk: its build output folder and the files the host reads from it.</summary>
public sealed record FunctionApp(string Directory, WorkerDescription Worker, HostJson HostJson, LocalSettings LocalSettings)
{
    /// <summary>
    /// Finds the app from a build output folder (with worker.config.json) or a project folder (then its newest
    /// bin/**/worker.config.json), and reads its configuration files.
    /// </summary>
    public static FunctionApp Locate(string path)
    {
        var full = Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The function app folder '{full}' does not exist.");
        }

        var output = File.Exists(Path.Combine(full, WorkerDescription.FileName)) ? full : FindBuildOutput(full);
        // local.settings.json lives in the project folder; the SDK templates also copy it to the output.
        var settings = LocalSettings.Load([output, full]);
        return new FunctionApp(output, WorkerDescription.Load(output), HostJson.Load(output), settings);
    }

    private static string FindBuildOutput(string projectDirectory)
    {
        var bin = Path.Combine(projectDirectory, "bin");
        var newest = System.IO.Directory.Exists(bin)
            ? System.IO.Directory.EnumerateFiles(bin, WorkerDescription.FileName, SearchOption.AllDirectories)
                .Select(f => new FileInfo(f))
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        return newest?.DirectoryName
            ?? throw new FileNotFoundException(
                $"No {WorkerDescription.FileName} in '{projectDirectory}' or its bin folder: build the function app first (dotnet build), or pass its build output folder.");
    }
}
