namespace SocketIO.Serverless.Testing;

/// <summary>Locations in the repository, found from the test assembly's folder (so tests run from any working directory).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>Serverless.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The folder of the node end-to-end scripts, <c>tests/e2e</c>.</summary>
    public static string NodeScripts => Path.Combine(Root, "tests", "e2e");

    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Serverless.sln not found above {AppContext.BaseDirectory}.");
    }
}
