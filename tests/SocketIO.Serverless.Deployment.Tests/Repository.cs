using System.Reflection;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>Paths of the repository under test, fixed at build time (the test runs from its output folder).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64 (a PackageDownload).</summary>
    public static string BicepExecutable { get; } = Metadata("BicepExecutable");

    public static string PathOf(params string[] parts) => Path.GetFullPath(Path.Combine([Root, .. parts]));

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
