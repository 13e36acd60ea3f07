using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>SocketIO:MaxConcurrentEventsPerSocket is validated like the other SocketIO options, and defaults to strict order.</summary>
public sealed class SocketIOOptionsTests
{
    [Fact]
    public void Events_run_one_after_another_unless_configured()
    {
        using var services = Build(new Dictionary<string, string?>());

        Assert.Equal(1, services.GetRequiredService<IOptions<SocketIOOptions>>().Value.MaxConcurrentEventsPerSocket);
    }

    [Fact]
    public void A_configured_bound_is_taken()
    {
        using var services = Build(new Dictionary<string, string?> { ["SocketIO:MaxConcurrentEventsPerSocket"] = "8" });

        Assert.Equal(8, services.GetRequiredService<IOptions<SocketIOOptions>>().Value.MaxConcurrentEventsPerSocket);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10001")]
    public void A_bound_out_of_range_is_refused_with_the_options_name(string value)
    {
        using var services = Build(new Dictionary<string, string?> { ["SocketIO:MaxConcurrentEventsPerSocket"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SocketIOOptions>>().Value);
        Assert.Contains(nameof(SocketIOOptions.MaxConcurrentEventsPerSocket), error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSocketIO();
        return services.BuildServiceProvider();
    }
}
