using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>Source-generated JSON for the engine's error bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EngineEndpoint.ErrorBody))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
