using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SocketIO.Serverless.Deployment.Tests;

/// <summary>
/// The gateway's Dockerfile, checked without a container engine: every path it copies exists and is not ignored,
/// it copies every project the gateway builds from, and its stages are the ones the deployment expects.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly IReadOnlyList<Instruction> Instructions = Parse(Repository.Read("Dockerfile"));
    private static readonly IReadOnlyList<string> Ignored = Repository.Read(".dockerignore").Split('\n')
        .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

    [Fact]
    public void Every_copied_path_exists_in_the_build_context_and_is_not_ignored()
    {
        var sources = CopiedFromContext().ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = Repository.PathOf(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"The Dockerfile copies {source}, which does not exist.");
            Assert.False(IsIgnored(source), $"The Dockerfile copies {source}, which .dockerignore leaves out of the context.");
        }
    }

    [Fact]
    public void The_build_stage_copies_every_project_the_gateway_builds_from_and_publishes_it()
    {
        var copied = CopiedFromContext().ToList();
        var gateway = Repository.PathOf("src", "SocketIO.Serverless.Gateway", "SocketIO.Serverless.Gateway.csproj");

        foreach (var project in ProjectClosure(gateway))
        {
            var folder = Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(project)!).Replace('\\', '/') + "/";
            Assert.True(copied.Any(source => folder.StartsWith(source.TrimEnd('/') + "/", StringComparison.Ordinal)), $"The Dockerfile copies no {folder}, which the gateway builds from.");
        }

        // Every file MSBuild picks up from the repository root on its own (Directory.*), and what they import (build/).
        var rootFiles = Directory.GetFiles(Repository.Root, "Directory.*").Select(Path.GetFileName).Append("global.json");
        foreach (var file in rootFiles)
        {
            Assert.Contains(file, copied);
        }

        Assert.Contains("build/", copied);

        var publish = Assert.Single(Instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var published = PublishedProject().Match(publish.Arguments).Groups["project"].Value;
        Assert.Equal(gateway, Repository.PathOf(published));
        // The SDK image has no Node: the build's own `npm ci` (build/NpmPackages.targets) is off, the client stage did it.
        Assert.Contains("-p:UsesNpmPackages=false", publish.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_bundle_is_copied_where_the_gateway_build_embeds_it_from()
    {
        // The gateway's project embeds $(RepoRoot)node_modules/socket.io-client/dist; the build stage's WORKDIR is the repo root.
        var csproj = XDocument.Load(Repository.PathOf("src", "SocketIO.Serverless.Gateway", "SocketIO.Serverless.Gateway.csproj"));
        var package = csproj.Descendants("SocketIOClientPackage").Single().Value;
        Assert.Equal("$(RepoRoot)node_modules/socket.io-client/", package);

        var copy = Assert.Single(Instructions, instruction => instruction.Keyword == "COPY" && instruction.Arguments.StartsWith("--from=client ", StringComparison.Ordinal));
        var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("node_modules/socket.io-client/", parts[^1]);
        Assert.Equal("/repo/node_modules/socket.io-client/", parts[^2]);
        Assert.Equal("/repo", WorkdirOf(copy.Stage));
        Assert.Equal("/repo", WorkdirOf("client"));
        Assert.Contains(Instructions, instruction => instruction.Stage == "client" && instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains(Instructions, instruction => instruction.Stage == "client" && instruction.Keyword == "COPY" && instruction.Arguments == "package.json package-lock.json ./");
    }

    [Fact]
    public void The_image_builds_with_the_dotnet_SDK_and_runs_on_the_ASP_NET_runtime_as_a_non_root_user()
    {
        var targetFramework = XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = targetFramework.Replace("net", "", StringComparison.Ordinal);
        var stages = Instructions.Where(instruction => instruction.Keyword == "FROM").Select(instruction => instruction.Arguments).ToList();

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version} AS build", stages[1]);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{version} AS runtime", stages[^1]);
        var runtime = Instructions.Where(instruction => instruction.Stage == "runtime").ToList();
        Assert.Equal("$APP_UID", Assert.Single(runtime, instruction => instruction.Keyword == "USER").Arguments);
        Assert.Equal("8080", Assert.Single(runtime, instruction => instruction.Keyword == "EXPOSE").Arguments);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", Assert.Single(runtime, instruction => instruction.Keyword == "ENV").Arguments, StringComparison.Ordinal);
        Assert.Contains("/healthz", Assert.Single(runtime, instruction => instruction.Keyword == "HEALTHCHECK").Arguments, StringComparison.Ordinal);
        Assert.Equal("""["dotnet", "SocketIO.Serverless.Gateway.dll"]""", Assert.Single(runtime, instruction => instruction.Keyword == "ENTRYPOINT").Arguments);
        Assert.Equal("--from=build /app ./", Assert.Single(runtime, instruction => instruction.Keyword == "COPY").Arguments);
    }

    /// <summary>Sources of the COPY instructions that read the build context (not another stage).</summary>
    private static IEnumerable<string> CopiedFromContext() =>
        Instructions.Where(instruction => instruction.Keyword == "COPY" && !instruction.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(instruction => instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));

    private static string WorkdirOf(string stage) =>
        Instructions.Last(instruction => instruction.Stage == stage && instruction.Keyword == "WORKDIR").Arguments;

    /// <summary>Whether a .dockerignore pattern of the forms used there (<c>dir/</c>, <c>**/dir/</c>, <c>**/name</c>) drops the path.</summary>
    private static bool IsIgnored(string source)
    {
        var segments = source.TrimEnd('/').Split('/');
        foreach (var pattern in Ignored.Select(pattern => pattern.TrimEnd('/')))
        {
            if (pattern.StartsWith("**/", StringComparison.Ordinal) ? segments.Contains(pattern[3..]) : segments[0] == pattern || source.TrimEnd('/') == pattern)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A project and, transitively, every project it references.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, include)));
            }
        }

        return seen;
    }

    private static List<Instruction> Parse(string dockerfile)
    {
        var instructions = new List<Instruction>();
        var stage = "";
        var logical = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (logical.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }

            logical += line;
            var match = InstructionLine().Match(logical.Trim());
            logical = "";
            Assert.True(match.Success, $"Not a Dockerfile instruction: {line}");
            var keyword = match.Groups["keyword"].Value.ToUpperInvariant();
            var arguments = Regex.Replace(match.Groups["arguments"].Value.Trim(), @"\s+", " ");
            if (keyword == "FROM")
            {
                stage = arguments.Split(" AS ", StringSplitOptions.TrimEntries).ElementAtOrDefault(1) ?? "";
            }

            instructions.Add(new Instruction(stage, keyword, arguments));
        }

        return instructions;
    }

    [GeneratedRegex(@"^(?<keyword>[A-Za-z]+)\s+(?<arguments>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)", RegexOptions.CultureInvariant)]
    private static partial Regex PublishedProject();

    private sealed record Instruction(string Stage, string Keyword, string Arguments);
}
