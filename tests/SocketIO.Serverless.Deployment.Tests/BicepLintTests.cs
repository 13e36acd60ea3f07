using System.Text.RegularExpressions;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// `bicep build` and `bicep lint` on every template, failing on any warning or error: bicepconfig.json makes every
/// linter rule an error, and compiler warnings (a type mismatch is only a warning to Bicep) fail here.
/// </summary>
public sealed partial class BicepLintTests
{
    /// <summary>Every .bicep file of infra/ and bicep/, relative to the repository root.</summary>
    private static IEnumerable<string> BicepFilePaths() =>
        new[] { "infra", "bicep" }
            .SelectMany(folder => Directory.GetFiles(Repository.PathOf(folder), "*.bicep", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(Repository.Root, file))
            .Order(StringComparer.Ordinal);

    [Theory]
    [InlineData("infra")]
    [InlineData("bicep")]
    public async Task Every_bicep_file_lints_without_a_warning_or_an_error(string folder)
    {
        Assert.NotEmpty(Directory.GetFiles(Repository.PathOf(folder), "*.bicep"));

        // One CLI run per folder (a glob), not per file: each start of the CLI costs seconds on a busy machine.
        var result = await BicepCli.RunAsync(Repository.Root, "lint", "--pattern", LintPattern(folder));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(BicepCli.Diagnostics(result));
    }

    [Fact]
    public async Task Main_template_builds_without_a_warning_or_an_error()
    {
        var output = Path.Combine(Path.GetTempPath(), $"socketio-main-{Guid.NewGuid():N}.json");
        try
        {
            var result = await BicepCli.RunAsync(Repository.Root, "build", Repository.PathOf("infra", "main.bicep"), "--outfile", output);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Empty(BicepCli.Diagnostics(result));
            Assert.True(new FileInfo(output).Length > 0);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task A_type_mismatch_fails_the_lint()
    {
        // The check above is only worth something if a mistake is reported: a string where an int belongs (a warning
        // to the compiler, BCP036) and an unused parameter (a linter rule raised to an error in bicepconfig.json).
        // The probe lives in a temporary folder with a copy of the repository's bicepconfig.json, which Bicep finds there.
        var folder = Directory.CreateTempSubdirectory("socketio-lint-probe-").FullName;
        File.Copy(Repository.PathOf("bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
        // Same layout and glob as the real lint above, so the probe also proves the glob reaches files in a folder.
        Directory.CreateDirectory(Path.Combine(folder, "bicep"));
        var file = Path.Combine(folder, "bicep", "probe.bicep");
        await File.WriteAllTextAsync(file, """
            param location string
            param unused string
            resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
              name: 'probe'
              location: location
              sku: { name: 'FC1', capacity: '1' }
            }
            """);
        try
        {
            var result = await BicepCli.RunAsync(folder, "lint", "--pattern", LintPattern("bicep"));

            var diagnostics = BicepCli.Diagnostics(result);
            Assert.Contains(diagnostics, line => line.Contains("Warning BCP036", StringComparison.Ordinal));
            Assert.Contains(diagnostics, line => line.Contains("Error no-unused-params", StringComparison.Ordinal));
            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Templates_use_local_modules_only_and_main_uses_every_module()
    {
        var main = Repository.Read("infra", "main.bicep");
        var references = ModuleReference().Matches(main).Select(match => match.Groups["path"].Value).ToList();

        Assert.NotEmpty(references);
        foreach (var text in BicepFilePaths().Select(file => Repository.Read(file)))
        {
            Assert.DoesNotMatch(RegistryModule(), text);
            Assert.DoesNotContain("br/public:", text, StringComparison.Ordinal);
        }

        // Every module in bicep/ is composed by main.bicep or imported by a module (role-ids.bicep), none is left over.
        var used = references.Select(path => Path.GetFileName(path)).ToHashSet(StringComparer.Ordinal);
        var imported = BicepFilePaths().Select(file => Repository.Read(file))
            .SelectMany(text => ImportReference().Matches(text).Select(match => match.Groups["path"].Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var module in Directory.GetFiles(Repository.PathOf("bicep"), "*.bicep").Select(Path.GetFileName))
        {
            Assert.True(used.Contains(module!) || imported.Contains(module!), $"bicep/{module} is used by no template.");
        }

        foreach (var reference in references)
        {
            Assert.True(File.Exists(Path.Combine(Repository.PathOf("infra"), reference)), $"main.bicep refers to a missing module {reference}.");
        }
    }

    /// <summary>The glob of every .bicep file under <paramref name="folder"/>, relative to the working directory.</summary>
    private static string LintPattern(string folder) => folder + "/**/*.bicep";

    [GeneratedRegex(@"^module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"^import\s+.*\s+from\s+'(?<path>[^']+)'", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ImportReference();

    [GeneratedRegex(@"^module\s+\w+\s+'(br|ts)[:/]", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RegistryModule();
}
