using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Management;

/// <summary>
/// Reads and checks what a management request carries (hub, api-version, group names, packet bodies, filters). Any
/// mistake throws a <see cref="ManagementRequestException"/> with a 4xx and a message saying what is wrong.
/// </summary>
internal static partial class ManagementInput
{
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex HubName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersion();

    public static void Validate(HttpRequest request, string hub)
    {
        if (!HubName().IsMatch(hub))
        {
            throw Bad($"Hub name '{hub}' is invalid: it starts with a letter and has only letters, digits and '_' (at most 128).");
        }

        if (request.Query.TryGetValue("api-version", out var version) && !ApiVersion().IsMatch(version.ToString()))
        {
            throw Bad($"api-version '{version}' is not a version such as {ManagementApi.ApiVersion}.");
        }
    }

    public static SocketIOGroup Group(string name) =>
        SocketIOGroup.TryParse(name, out var group, out var error) ? group : throw Bad(error);

    /// <summary>A group that is a room (sockets can join it), not a whole namespace.</summary>
    public static SocketIOGroup RoomGroup(string name)
    {
        var group = Group(name);
        return group.IsNamespace
            ? throw Bad($"Group '{name}' stands for the whole namespace {group.Namespace}; sockets join rooms, i.e. groups 0~base64url(namespace)~base64url(room).")
            : group;
    }

    public static FilterNode? Filter(HttpRequest request) => Filter(request.Query.TryGetValue("filter", out var filter) ? filter.ToString() : null);

    public static FilterNode? Filter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return ODataFilter.TryParse(text, out var node, out var error) ? node : throw Bad($"Invalid filter '{(text.Length > 200 ? text[..200] + "…" : text)}': {error}.");
    }

    public static IReadOnlyList<string> Excluded(HttpRequest request) =>
        request.Query.TryGetValue("excluded", out var values) ? values.Where(value => !string.IsNullOrEmpty(value)).Select(value => value!).ToList() : [];

    public static int? PositiveInt(HttpRequest request, string name, int max)
    {
        if (!request.Query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : throw Bad($"'{name}' must be an integer from 1 to {max}, not '{text}'.");
    }

    /// <summary>The one Socket.IO packet in the body: an EVENT (binary or not) or, when allowed, a DISCONNECT.</summary>
    public static async Task<SocketPacket> ReadPacketAsync(HttpRequest request, bool allowDisconnect)
    {
        var text = await ReadTextAsync(request).ConfigureAwait(false);
        if (!ServerlessPacketCodec.TryDecode(text, out var packet, out var error))
        {
            throw Bad($"The body is not a Socket.IO packet in Engine.IO text: {error}");
        }

        if (packet.IsEvent && packet.EventName is not null)
        {
            return packet;
        }

        if (packet.Type == SocketPacketType.Disconnect && allowDisconnect)
        {
            return packet;
        }

        throw Bad(allowDisconnect
            ? $"The body must be an EVENT (42[\"name\",...]) or DISCONNECT (41/ns,) packet, not {packet.Type}."
            : $"The body must be an EVENT packet (42[\"name\",...]), not {packet.Type}.");
    }

    /// <summary>The <c>{groups, filter}</c> body of :addToGroups / :removeFromGroups.</summary>
    public static async Task<(IReadOnlyList<SocketIOGroup> Groups, FilterNode? Filter)> ReadGroupsBodyAsync(HttpRequest request)
    {
        var text = await ReadTextAsync(request).ConfigureAwait(false);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Bad($"The body is not JSON: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
        {
            throw Bad("The body must be a JSON object with a \"groups\" array (and an optional \"filter\").");
        }

        var parsed = groups.EnumerateArray()
            .Select(group => group.ValueKind == JsonValueKind.String ? RoomGroup(group.GetString()!) : throw Bad("Every entry of \"groups\" must be a string."))
            .ToList();
        var filter = root.TryGetProperty("filter", out var filterText) && filterText.ValueKind == JsonValueKind.String ? Filter(filterText.GetString()) : null;
        if (root.TryGetProperty("filter", out var other) && other.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw Bad("\"filter\" must be a string.");
        }

        return (parsed, filter);
    }

    private static async Task<string> ReadTextAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ManagementRequestException(new(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The body exceeds {MaxBodyBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ManagementRequestException(new(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The body exceeds {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
        var encoding = Encoding(parsed?.CharSet);
        return mediaType switch
        {
            null or "text/plain" or "application/octet-stream" => Decode(encoding, bytes),
            "application/json" => UnwrapJsonString(Decode(encoding, bytes)),
            _ => throw new ManagementRequestException(new(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                $"Content-Type '{request.ContentType}' is not supported: send text/plain (or a JSON string as application/json).")),
        };
    }

    /// <summary>A JSON body may be the packet text as a JSON string (what SDKs send for a string with JSON content type); an object or array is the groups body, returned as is.</summary>
    private static string UnwrapJsonString(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('"'))
        {
            return text;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(trimmed) ?? string.Empty;
        }
        catch (JsonException e)
        {
            throw Bad($"The body is not a valid JSON string: {e.Message}");
        }
    }

    private static Encoding Encoding(string? charset)
    {
        if (string.IsNullOrEmpty(charset))
        {
            return StrictUtf8;
        }

        try
        {
            var encoding = System.Text.Encoding.GetEncoding(charset.Trim('"'));
            return encoding is UTF8Encoding ? StrictUtf8 : encoding;
        }
        catch (ArgumentException)
        {
            throw Bad($"Unknown charset '{charset}'.");
        }
    }

    private static string Decode(Encoding encoding, byte[] bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad("The body is not valid UTF-8.");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ManagementRequestException Bad(string message) => new(ManagementError.BadRequest(message));
}
