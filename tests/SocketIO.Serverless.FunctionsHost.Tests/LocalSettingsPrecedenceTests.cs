using System.Net;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>
/// Like Core Tools, local.settings.json's Values never override an environment variable the host already has:
/// `Greeting=Hi dotnet run` beats the file (Core Tools prints "Skipping 'X' from local settings ...").
/// </summary>
public sealed class LocalSettingsPrecedenceTests
{
    [Fact]
    public async Task An_environment_variable_of_the_host_wins_over_the_same_local_settings_value_and_the_others_still_apply()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string?> { ["PrecedenceProbe"] = "from the environment" });
        var (baseAddress, _) = await HostProcess.WaitForReadyAsync(host);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        using var overridden = await client.GetAsync("setting/PrecedenceProbe");
        using var fromFile = await client.GetAsync("setting/Greeting");

        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal("from the environment", await overridden.Content.ReadAsStringAsync());
        Assert.Equal("Hello", await fromFile.Content.ReadAsStringAsync());
        Assert.Contains("Skipping 'PrecedenceProbe' from local settings as it's already defined in current environment variables.", host.Output, StringComparison.Ordinal);
    }
}
