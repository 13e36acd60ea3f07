using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.AppHost.Tests;

/// <summary>
/// build/NpmPackages.proj, the `npm ci` every project that needs node_modules runs first, on a copy of it in a temp
/// "repository": with Node nowhere on the PATH it must stop with a message that says what to install, and with an
/// up-to-date node_modules it must not try at all (so the PATH without Node cannot fail it).
/// </summary>
public sealed class NpmPackagesTargetTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _repo = Directory.CreateTempSubdirectory("npm-target-");

    [Fact]
    public async Task Without_node_the_build_stops_with_a_message_naming_what_to_install()
    {
        WriteRepository(withInstalledPackages: false);

        var (code, text) = await RunTargetAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("Node.js is missing", text, StringComparison.Ordinal);
        Assert.Contains("Install Node.js 20 or later", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_up_to_date_node_modules_is_not_installed_again()
    {
        WriteRepository(withInstalledPackages: true);

        var (code, text) = await RunTargetAsync();

        Assert.True(code == 0, text);
        Assert.DoesNotContain("Installing npm packages", text, StringComparison.Ordinal);
    }

    public void Dispose() => _repo.Delete(recursive: true);

    private void WriteRepository(bool withInstalledPackages)
    {
        var build = Directory.CreateDirectory(Path.Combine(_repo.FullName, "build"));
        foreach (var file in new[] { "NpmPackages.proj", "npm-ci.mjs" })
        {
            File.Copy(Path.Combine(RepoPaths.Root, "build", file), Path.Combine(build.FullName, file));
        }

        File.WriteAllText(Path.Combine(_repo.FullName, "package.json"), """{ "name": "t", "version": "1.0.0", "private": true }""");
        File.WriteAllText(Path.Combine(_repo.FullName, "package-lock.json"), """{ "name": "t", "version": "1.0.0", "lockfileVersion": 3, "packages": { "": { "name": "t", "version": "1.0.0" } } }""");
        if (withInstalledPackages)
        {
            var marker = Path.Combine(Directory.CreateDirectory(Path.Combine(_repo.FullName, "node_modules")).FullName, ".package-lock.json");
            File.WriteAllText(marker, "{}");
            // npm ci writes the marker after reading the lock file: it is the newer one.
            File.SetLastWriteTimeUtc(marker, DateTime.UtcNow.AddMinutes(1));
        }
    }

    /// <summary>Runs the target with a PATH that holds a shell (MSBuild's Exec needs one) and no Node; dotnet by its full path.</summary>
    private async Task<(int Code, string Output)> RunTargetAsync()
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_repo.FullName, "path-without-node")).FullName;
        File.CreateSymbolicLink(Path.Combine(emptyPath, "sh"), "/bin/sh");
        await using var msbuild = ChildProcess.Start(
            DotnetPath(),
            ["msbuild", Path.Combine(_repo.FullName, "build", "NpmPackages.proj"), "-t:NpmCi", "-nologo", "-nodeReuse:false"],
            _repo.FullName,
            new Dictionary<string, string?> { ["PATH"] = emptyPath, ["MSBUILDNOINPROCNODE"] = null });
        var code = await msbuild.WaitForExitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine(msbuild.Output);
        return (code, msbuild.Output);
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists);
        return onPath is null ? "dotnet" : new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
    }
}
