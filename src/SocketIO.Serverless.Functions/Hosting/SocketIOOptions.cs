using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Settings of the Socket.IO Functions SDK, bound from the configuration section <c>SocketIO</c>
/// (in <c>local.settings.json</c>: <c>SocketIO__ConnectionString</c>, <c>SocketIO__Hub</c>, ...).
/// </summary>
public sealed class SocketIOOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "SocketIO";

    /// <summary>
    /// The service connection string, <c>Endpoint=http://localhost:3000;AccessKey=...;Version=1.0;</c>: where the
    /// management REST API is, and the key that signs its tokens and the upstream requests' <c>ce-signature</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The hub the server API talks to when no request tells it (a request's <c>ce-hub</c> wins).</summary>
    public string Hub { get; set; } = ManagementApi.DefaultHub;

    /// <summary>
    /// Whether incoming requests must carry a valid <c>ce-signature</c>. On by default whenever the connection string
    /// has an access key; a request signed with another key is refused with 401.
    /// </summary>
    public bool ValidateSignature { get; set; } = true;

    /// <summary>How event arguments and ack values are (de)serialized. Web defaults: camelCase, case-insensitive.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
