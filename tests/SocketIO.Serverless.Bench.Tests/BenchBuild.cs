using System.Globalization;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Bench.Tests;

/// <summary>What the tests run: the benchmark and its servers as this test project's references built them.</summary>
internal static class BenchBuild
{
    public static string Configuration { get; } = typeof(BenchBuild).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
        .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    public static string BenchmarkProgram => Path.Combine(RepoPaths.Root, "bench", "SocketIO.Serverless.Bench", "bin", Configuration, "net10.0", "SocketIO.Serverless.Bench.dll");

    /// <summary>scripts/bench-rooms' program (docs/adapter.md, "Measuring").</summary>
    public static string RoomsBenchmarkProgram => Path.Combine(RepoPaths.Root, "bench", "SocketIO.Serverless.Rooms.Benchmarks", "bin", Configuration, "net10.0", "SocketIO.Serverless.Rooms.Benchmarks.dll");

    private static readonly SemaphoreSlim NodeInstall = new(1, 1);

    /// <summary>scripts/bench does the same: socket.io 4.8.x from bench/node's own package-lock.json.</summary>
    public static async Task EnsureNodeReferenceInstalledAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "bench", "node");
        await NodeInstall.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules", "socket.io")))
            {
                return;
            }

            await using var npm = ChildProcess.Start("npm", ["ci", "--no-audit", "--no-fund"], workingDirectory: folder);
            var exitCode = await npm.WaitForExitAsync(TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, string.Create(CultureInfo.InvariantCulture, $"npm ci in bench/node exited with {exitCode}:\n{npm.Output}"));
        }
        finally
        {
            NodeInstall.Release();
        }
    }
}
