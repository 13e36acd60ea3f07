using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The demo page (the seed's HTML client, plus rooms and /admin) in a real headless Chromium, driven by playwright-core
/// through tests/e2e/browser/demo-page.mjs: two browser contexts are two users of the whole stack.
/// </summary>
[Collection(ChatStackCollection.Name)]
public sealed class BrowserTests(ChatStack stack, ITestOutputHelper output)
{
    // Debian's chromium; CHROMIUM_PATH overrides it (the script reads the same variable). Never downloaded.
    private static readonly string Chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public async Task The_demo_page_chats_joins_rooms_broadcasts_and_administers_in_a_real_browser()
    {
        // A missing browser fails the test: a skip would hide that the page was never tried.
        Assert.True(
            File.Exists(Chromium),
            $"The browser test needs Chromium at {Chromium}. Install it with `apt-get update && apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.");

        var result = await NodeScript.RunAsync(Path.Combine("browser", "demo-page.mjs"), [stack.GatewayUrl]);
        output.WriteLine(result.Output); // each check with its time, for the verbose log

        Assert.True(result.ExitCode == 0, $"node browser/demo-page.mjs exited with {result.ExitCode}:\n{result.Output}\n{stack.Logs}");
        Assert.Contains("ok - admin command", result.Output, StringComparison.Ordinal);
        Assert.Contains("all checks passed", result.Output, StringComparison.Ordinal);
    }
}
