using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The chat page (the seed's HTML client, plus rooms, files, the server's question and /admin) in a real headless
/// Chromium, driven by playwright-core through tests/e2e/browser/demo-page.mjs: two browser contexts are two users of the
/// whole stack. On failure the script saves both pages' screenshots under artifacts/browser-test.
/// </summary>
[Collection(ChatStackCollection.Name)]
public sealed class BrowserTests(ChatStack stack, ITestOutputHelper output)
{
    // Debian's chromium; CHROMIUM_PATH overrides it (the script reads the same variable). Never downloaded.
    private static readonly string Chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where the script saves both pages' screenshots when a check fails (artifacts/ is kept out of git; CI keeps it).</summary>
    private static readonly string Screenshots = Path.Combine(RepoPaths.Root, "artifacts", "browser-test");

    [Fact]
    public async Task The_chat_page_chats_joins_rooms_sends_files_answers_questions_and_administers_in_a_real_browser()
    {
        // A missing browser fails the test: a skip would hide that the page was never tried.
        Assert.True(
            File.Exists(Chromium),
            $"The browser test needs Chromium at {Chromium}. Install it with `apt-get update && apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.");

        var result = await NodeScript.RunAsync(
            Path.Combine("browser", "demo-page.mjs"),
            [stack.GatewayUrl],
            new Dictionary<string, string?> { ["SCREENSHOT_DIR"] = Screenshots },
            TimeSpan.FromSeconds(100));
        output.WriteLine(result.Output); // each check with its time, for the verbose log

        Assert.True(result.ExitCode == 0, $"node browser/demo-page.mjs exited with {result.ExitCode} (screenshots in {Screenshots}):\n{result.Output}\n{stack.Logs}");
        foreach (var step in new[] { "both chat", "B receives the room message", "B shows the received PNG inline", "question:", "连接错误: 未授权", "admin command answers", "Invalid namespace", "all checks passed" })
        {
            Assert.Contains(step, result.Output, StringComparison.Ordinal);
        }
    }
}
