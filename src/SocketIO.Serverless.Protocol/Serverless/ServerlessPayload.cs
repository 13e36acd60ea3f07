using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// A Socket.IO packet in an HTTP body, between the gateway and functions (upstream event bodies, ack responses,
/// management sends). A packet without attachments is just its Engine.IO text, e.g. <c>42/admin,13["x",1]</c>.
/// A packet with attachments (the project's extension) is an Engine.IO long-polling payload: the packet's Engine.IO
/// text, then one <c>b</c>+base64 record per attachment, separated by the record separator <c>\x1e</c>:
/// <c>451-["file",{"_placeholder":true,"num":0}]\x1ebAQID</c>.
/// </summary>
public static class ServerlessPayload
{
    public const char RecordSeparator = '\x1e';

    /// <summary>Content type of every such body.</summary>
    public const string ContentType = "text/plain; charset=utf-8";

    /// <summary>Encodes a Socket.IO packet's text (without the Engine.IO "4") and its attachments.</summary>
    public static string Encode(string socketIOText, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(socketIOText);
        if (attachments is null || attachments.Count == 0)
        {
            return "4" + socketIOText;
        }

        var body = new StringBuilder(socketIOText.Length + 1 + attachments.Sum(a => 2 + (a.Length + 2) / 3 * 4));
        body.Append('4').Append(socketIOText);
        foreach (var attachment in attachments)
        {
            body.Append(RecordSeparator).Append('b').Append(Convert.ToBase64String(attachment.Span));
        }

        return body.ToString();
    }

    /// <summary>
    /// Decodes a body into the Socket.IO text (without the Engine.IO "4") and the attachments. Never throws on bad
    /// input: <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryDecode(string? body, [NotNullWhen(true)] out ServerlessPacket? packet, [NotNullWhen(false)] out string? error)
    {
        packet = null;
        if (string.IsNullOrEmpty(body))
        {
            error = "The body is empty: expected an Engine.IO message packet such as 42[\"event\",\"data\"].";
            return false;
        }

        var records = body.Split(RecordSeparator);
        var text = records[0];
        if (text.Length < 2 || text[0] != '4')
        {
            error = $"The body must start with an Engine.IO message packet ('4' then a Socket.IO packet, e.g. 42[\"event\"]), not '{Truncate(text)}'.";
            return false;
        }

        var attachments = new List<ReadOnlyMemory<byte>>(records.Length - 1);
        for (var i = 1; i < records.Length; i++)
        {
            var record = records[i];
            if (record.Length == 0 || record[0] != 'b')
            {
                error = $"Record {i} of the body is not a binary attachment ('b' then base64): only one packet per body, followed by its attachments.";
                return false;
            }

            var bytes = new byte[(record.Length - 1) * 3 / 4];
            if (!Convert.TryFromBase64Chars(record.AsSpan(1), bytes, out var written))
            {
                error = $"Record {i} of the body is not valid base64.";
                return false;
            }

            attachments.Add(bytes.AsMemory(0, written));
        }

        packet = new ServerlessPacket(text[1..], attachments);
        error = null;
        return true;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A decoded body: the Socket.IO packet text (without the Engine.IO "4") and its attachments in order.</summary>
public sealed record ServerlessPacket(string SocketIOText, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);
