namespace SocketIO.Serverless.Protocol.SocketIO;

/// <summary>Why a Socket.IO packet was refused. The server answers every error the way the reference
/// server does: it closes the connection with the reason "parse error".</summary>
public enum SocketParseError
{
    None,
    /// <summary>The first character is not a packet type digit 0-6 (or the text is empty).</summary>
    UnknownType,
    /// <summary>A namespace that does not start with "/", or one that is empty or too long.</summary>
    InvalidNamespace,
    /// <summary>An ack id that is not made of digits only, or exceeds <see cref="SocketPacketLimits.MaxAckId"/>.</summary>
    InvalidAckId,
    /// <summary>The payload is not valid (or is unterminated, or too deeply nested) JSON.</summary>
    InvalidJson,
    /// <summary>Valid JSON of the wrong shape for the packet type, e.g. an EVENT that is not a non-empty array
    /// starting with an event name, an EVENT using a reserved name, a CONNECT payload that is not an object.</summary>
    InvalidPayload,
    /// <summary>A BINARY_* packet whose "N-" count is malformed, or does not match the placeholders.</summary>
    InvalidAttachmentCount,
    /// <summary>A placeholder whose num is missing, not an integer, or out of range.</summary>
    InvalidPlaceholder,
    /// <summary>A binary message arrived while no BINARY_* packet was waiting for attachments.</summary>
    UnexpectedBinary,
    /// <summary>The text is not valid UTF-8 (or, for a string, contains a lone surrogate).</summary>
    InvalidUtf8,
    /// <summary>A BINARY_* packet declares more attachments than the decoder allows.</summary>
    TooManyAttachments,
    /// <summary>A text message arrived while a BINARY_* packet was still waiting for its attachments.</summary>
    UnexpectedText,
    /// <summary>The attachments of a BINARY_* packet add up to more bytes than the decoder holds for one packet.</summary>
    AttachmentsTooLarge,
}
