using System.Buffers;
using System.Text.Unicode;

namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>
/// Decodes the Socket.IO packets of one connection. Stateful: a BINARY_* packet's text is followed by its
/// attachments as binary messages. Never throws on hostile input: every malformed input yields
/// <see cref="SocketDecodeStatus.Error"/> with a <see cref="SocketParseError"/>, after which the decoder is reset
/// (the server closes the connection anyway, as the reference server does on a parse error).
/// Not thread-safe: one connection feeds it in order.
/// </summary>
public sealed class SocketPacketDecoder
{
    private readonly int _maxAttachments;
    private readonly long _maxAttachmentBytes;
    private SocketTextParser.ParsedText _pending;
    private ReadOnlyMemory<byte>[]? _attachments;
    private int _received;
    private long _receivedBytes;

    /// <param name="maxAttachments">Most attachments one packet may declare (the reference parser's default,
    /// <see cref="SocketPacketLimits.ReferenceMaxAttachments"/>, unless given).</param>
    /// <param name="maxAttachmentBytes">Most bytes of attachments held for one packet until it is complete (each
    /// attachment is also bounded by the Engine.IO layer's maxHttpBufferSize).</param>
    public SocketPacketDecoder(int maxAttachments = SocketPacketLimits.ReferenceMaxAttachments, long maxAttachmentBytes = SocketPacketLimits.DefaultMaxAttachmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxAttachments);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAttachmentBytes);
        _maxAttachments = maxAttachments;
        _maxAttachmentBytes = maxAttachmentBytes;
    }

    /// <summary>True while a BINARY_* packet waits for more binary messages.</summary>
    public bool AwaitingAttachments => _attachments is not null;

    /// <summary>Decodes the text part of a packet, WITHOUT the Engine.IO "4" message prefix.</summary>
    public SocketDecodeResult DecodeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DecodeText(text.AsSpan());
    }

    /// <summary>Decodes the text part of a packet from UTF-16; a lone surrogate is <see cref="SocketParseError.InvalidUtf8"/>.</summary>
    public SocketDecodeResult DecodeText(ReadOnlySpan<char> text)
    {
        if (AwaitingAttachments)
        {
            return Fail(SocketParseError.UnexpectedText);
        }
        if (text.Length > Array.MaxLength / 3)
        {
            return Fail(SocketParseError.InvalidPayload);
        }
        var rented = ArrayPool<byte>.Shared.Rent(text.Length * 3);
        try
        {
            var status = Utf8.FromUtf16(text, rented, out _, out var written, replaceInvalidSequences: false);
            return status == System.Buffers.OperationStatus.Done
                ? DecodeValidUtf8(rented.AsSpan(0, written))
                : Fail(SocketParseError.InvalidUtf8);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes the text part of a packet straight from the UTF-8 bytes of a text frame or record.</summary>
    public SocketDecodeResult DecodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        if (AwaitingAttachments)
        {
            return Fail(SocketParseError.UnexpectedText);
        }
        return Utf8.IsValid(utf8Text) ? DecodeValidUtf8(utf8Text) : Fail(SocketParseError.InvalidUtf8);
    }

    /// <summary>Decodes the text part of a packet from a possibly multi-segment UTF-8 sequence.</summary>
    public SocketDecodeResult DecodeUtf8(in ReadOnlySequence<byte> utf8Text)
    {
        if (utf8Text.IsSingleSegment)
        {
            return DecodeUtf8(utf8Text.FirstSpan);
        }
        if (utf8Text.Length > Array.MaxLength)
        {
            return Fail(SocketParseError.InvalidJson);
        }
        var length = (int)utf8Text.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8Text.CopyTo(rented);
            return DecodeUtf8(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Takes one binary message: the next attachment of the pending BINARY_* packet. The memory is kept as is
    /// (no copy), so pass memory that stays valid and unchanged, e.g. a byte[] received for this message.
    /// </summary>
    public SocketDecodeResult DecodeBinary(ReadOnlyMemory<byte> attachment)
    {
        if (_attachments is null)
        {
            return Fail(SocketParseError.UnexpectedBinary);
        }
        _receivedBytes += attachment.Length;
        if (_receivedBytes > _maxAttachmentBytes)
        {
            return Fail(SocketParseError.AttachmentsTooLarge);
        }

        _attachments[_received++] = attachment;
        if (_received < _attachments.Length)
        {
            return SocketDecodeResult.NeedMore;
        }
        var packet = ToPacket(_pending, _attachments);
        Reset();
        return SocketDecodeResult.Completed(packet);
    }

    /// <summary>Drops a partially received BINARY_* packet (e.g. when the connection closes).</summary>
    public void Reset()
    {
        _pending = default;
        _attachments = null;
        _received = 0;
        _receivedBytes = 0;
    }

    private SocketDecodeResult DecodeValidUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var error = SocketTextParser.Parse(utf8Text, _maxAttachments, out var parsed);
        if (error != SocketParseError.None)
        {
            return Fail(error);
        }
        if (parsed.AttachmentCount == 0)
        {
            return SocketDecodeResult.Completed(ToPacket(parsed, SocketPacket.NoAttachments));
        }
        _pending = parsed;
        _attachments = new ReadOnlyMemory<byte>[parsed.AttachmentCount];
        _received = 0;
        _receivedBytes = 0;
        return SocketDecodeResult.NeedMore;
    }

    private SocketDecodeResult Fail(SocketParseError error)
    {
        Reset();
        return SocketDecodeResult.Failed(error);
    }

    private static SocketPacket ToPacket(in SocketTextParser.ParsedText parsed, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        new(parsed.Type, parsed.Namespace, parsed.Id, parsed.Data, attachments);
}
