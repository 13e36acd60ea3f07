using SocketIO.Serverless.FunctionsHost.App;
using SocketIO.Serverless.FunctionsHost.Http;
using SocketIO.Serverless.FunctionsHost.Rpc;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>Reading host.json, local.settings.json and the worker's binding metadata.</summary>
public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("functions-host-tests").FullName;

    [Fact]
    public void Host_json_gives_route_prefix_and_function_timeout_with_functions_defaults()
    {
        Assert.Equal(HostJson.Default, HostJson.Load(_directory));

        File.WriteAllText(Path.Combine(_directory, "host.json"), """{ "version": "2.0", "functionTimeout": "00:00:07", "extensions": { "http": { "routePrefix": "/v1/" } } }""");
        Assert.Equal(new HostJson("v1", TimeSpan.FromSeconds(7)), HostJson.Load(_directory));

        File.WriteAllText(Path.Combine(_directory, "host.json"), """{ "functionTimeout": "-1", "extensions": { "http": { "routePrefix": "" } } }""");
        Assert.Equal(new HostJson(string.Empty, null), HostJson.Load(_directory));
    }

    [Fact]
    public void A_bad_function_timeout_is_a_clear_error()
    {
        File.WriteAllText(Path.Combine(_directory, "host.json"), """{ "functionTimeout": "soon" }""");

        var error = Assert.Throws<InvalidDataException>(() => HostJson.Load(_directory));
        Assert.Contains("functionTimeout 'soon'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_settings_values_and_local_http_port_are_read_and_invalid_json_is_reported()
    {
        var settings = LocalSettings.Parse("""{ "Values": { "A": "1", "B": 2 }, "Host": { "LocalHttpPort": 7075 } }""", "test");

        Assert.Equal("1", settings.Values["A"]);
        Assert.Equal("2", settings.Values["B"]);
        Assert.Equal(7075, settings.LocalHttpPort);
        Assert.Throws<InvalidDataException>(() => LocalSettings.Parse("{ nope", "broken.json"));
    }

    [Fact]
    public void Local_settings_values_fill_the_environment_without_overriding_what_it_already_sets()
    {
        var settings = LocalSettings.Parse("""{ "Values": { "Set": "file", "Empty": "file", "Missing": "file", "Null": null } }""", "test");
        var environment = new Dictionary<string, string?> { ["Set"] = "env", ["Empty"] = string.Empty };

        var skipped = settings.ApplyTo(environment);

        Assert.Equal(["Set"], skipped);
        Assert.Equal("env", environment["Set"]);
        Assert.Equal("file", environment["Empty"]); // an empty variable counts as unset, as in Core Tools
        Assert.Equal("file", environment["Missing"]);
        Assert.False(environment.ContainsKey("Null"));
    }

    [Fact]
    public void Http_trigger_metadata_becomes_a_route_with_methods_and_output_binding()
    {
        var metadata = new RpcFunctionMetadata { Name = "Negotiate", FunctionId = "f1" };
        metadata.RawBindings.Add("""{"name":"req","direction":"In","type":"httpTrigger","authLevel":"Function","methods":["get","post"]}""");
        metadata.RawBindings.Add("""{"name":"Response","direction":"Out","type":"http"}""");

        var function = HttpFunction.FromMetadata(metadata, "api");

        Assert.NotNull(function);
        Assert.Equal("api/Negotiate", function.Route);
        Assert.Equal(["GET", "POST"], function.Methods);
        Assert.Equal("req", function.TriggerParameter);
        Assert.Equal("Response", function.HttpOutputBinding);
        Assert.Equal("Function", function.AuthLevel);
    }

    [Fact]
    public void Functions_with_other_triggers_are_not_routed()
    {
        var metadata = new RpcFunctionMetadata { Name = "Timer", FunctionId = "f2" };
        metadata.RawBindings.Add("""{"name":"timer","direction":"In","type":"timerTrigger","schedule":"0 * * * * *"}""");

        Assert.Null(HttpFunction.FromMetadata(metadata, "api"));
    }

    [Fact]
    public void A_folder_without_a_built_app_is_a_clear_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FunctionApp.Locate(_directory));

        Assert.Contains("build the function app first", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
