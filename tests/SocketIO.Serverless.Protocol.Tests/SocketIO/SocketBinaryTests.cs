using System.Text.Json;
using SocketIO.Serverless.Protocol.SocketIO;
using static SocketIO.Serverless.Protocol.Tests.SocketIO.TestJson;

namespace SocketIO.Serverless.Protocol.Tests.SocketIO;

/// <summary>From .NET values to placeholders and attachments and back, at any depth.</summary>
public class SocketBinaryTests
{
    private sealed record FileMessage(string Name, byte[] Content, ReadOnlyMemory<byte> Thumbnail, List<byte[]> Parts);

    private sealed record StreamMessage(Stream Body);

    [Fact]
    public void Event_data_with_top_level_bytes_matches_the_protocol_example()
    {
        var payload = SocketBinary.CreateEventData("baz", [new byte[] { 1, 2, 3, 4 }]);
        var encoded = SocketPacketEncoder.Encode(SocketPacket.Event("/", payload.Data, payload.Attachments));

        Assert.Equal("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", encoded.Text);
        Assert.Equal([1, 2, 3, 4], Assert.Single(encoded.Attachments).ToArray());
    }

    [Fact]
    public void Bytes_nested_in_objects_and_lists_become_placeholders_in_order()
    {
        var message = new FileMessage("a.txt", [1], new byte[] { 2, 2 }, [[3], [4, 4, 4]]);

        var payload = SocketBinary.CreateArguments(["meta", message, new Memory<byte>([5]), new ArraySegment<byte>([9, 6, 9], 1, 1)]);

        Assert.Equal(
            "[\"meta\",{\"name\":\"a.txt\",\"content\":{\"_placeholder\":true,\"num\":0},\"thumbnail\":{\"_placeholder\":true,\"num\":1},"
            + "\"parts\":[{\"_placeholder\":true,\"num\":2},{\"_placeholder\":true,\"num\":3}]},"
            + "{\"_placeholder\":true,\"num\":4},{\"_placeholder\":true,\"num\":5}]",
            payload.Data.GetRawText());
        Assert.Equal([[1], [2, 2], [3], [4, 4, 4], [5], [6]], payload.Attachments.Select(a => a.ToArray()));
        Assert.Equal(SocketParseError.None, SocketPlaceholders.Validate(payload.Data, payload.Attachments.Count));
    }

    [Fact]
    public void Values_without_bytes_have_no_attachments_and_keep_non_ascii_text()
    {
        var payload = SocketBinary.CreateEventData("message", ["服务器转发：你好", 3, null, new { Room = "r1" }]);

        Assert.Equal("[\"message\",\"服务器转发：你好\",3,null,{\"room\":\"r1\"}]", payload.Data.GetRawText());
        Assert.Empty(payload.Attachments);
        Assert.Equal(SocketPacketType.Event, SocketPacket.Event("/", payload.Data, payload.Attachments).Type);
    }

    [Fact]
    public void Json_elements_among_the_values_are_written_as_they_are()
    {
        var payload = SocketBinary.CreateArguments([Parse("{\"x\":[1,{\"y\":true}]}"), new byte[] { 7 }]);

        Assert.Equal("[{\"x\":[1,{\"y\":true}]},{\"_placeholder\":true,\"num\":0}]", payload.Data.GetRawText());
    }

    [Fact]
    public void Placeholders_at_depth_are_read_back_into_bytes()
    {
        var message = new FileMessage("a.txt", [1, 2], new byte[] { 3 }, [[4], [5, 6]]);
        var payload = SocketBinary.CreateEventData("file", [message, new byte[] { 7, 8 }]);
        var decoder = new SocketPacketDecoder();
        var encoded = SocketPacketEncoder.Encode(SocketPacket.Event("/", payload.Data, payload.Attachments, id: 3));
        var result = decoder.DecodeText(encoded.Text);
        foreach (var attachment in encoded.Attachments)
        {
            result = decoder.DecodeBinary(attachment.ToArray());
        }

        var arguments = SocketArguments.Of(result.Packet!);
        var read = arguments.Get<FileMessage>(0)!;

        Assert.Equal(2, arguments.Count);
        Assert.Equal("a.txt", read.Name);
        Assert.Equal([1, 2], read.Content);
        Assert.Equal([3], read.Thumbnail.ToArray());
        Assert.Equal([[4], [5, 6]], read.Parts);
        Assert.False(arguments.IsBinary(0));
        Assert.True(arguments.IsBinary(1));
        Assert.Equal([7, 8], arguments.GetBytes(1).ToArray());
        Assert.Equal([7, 8], arguments.Get<byte[]>(1));
    }

    [Fact]
    public void Ack_arguments_are_all_elements()
    {
        var arguments = SocketArguments.Of(SocketPacket.Ack("/", 1, Parse("[\"ok\",2]"), []));

        Assert.Equal(2, arguments.Count);
        Assert.Equal("ok", arguments.Get<string>(0));
        Assert.Equal(2, arguments.Get<int>(1));
        Assert.False(arguments.TryGetBytes(0, out _));
        Assert.Throws<InvalidOperationException>(() => arguments.GetBytes(0));
    }

    [Fact]
    public void Resolve_gives_positional_access_to_any_data_array()
    {
        var arguments = SocketBinary.Resolve(Parse("[{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]"), Bytes([1], [2]));

        Assert.Equal([2], arguments.GetBytes(0).ToArray());
        Assert.Equal([1], arguments.GetBytes(1).ToArray());
        Assert.Throws<ArgumentException>(() => SocketBinary.Resolve(Parse("{}"), []));
    }

    [Fact]
    public void Base64_strings_still_read_as_bytes() =>
        Assert.Equal([1, 2, 3], SocketBinary.Deserialize<byte[]>(Parse("\"AQID\""), []));

    [Fact]
    public void Invalid_placeholders_fail_reading_with_a_json_exception()
    {
        var pastTheEnd = Assert.Throws<JsonException>(() => SocketBinary.Deserialize<byte[]>(Parse("{\"_placeholder\":true,\"num\":1}"), Bytes([1])));
        Assert.Contains("placeholder", pastTheEnd.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => SocketBinary.Deserialize<byte[]>(Parse("{\"_placeholder\":true}"), Bytes([1])));
        Assert.Throws<JsonException>(() => SocketBinary.Deserialize<byte[]>(Parse("{\"a\":1}"), Bytes([1])));
    }

    [Fact]
    public void Attachments_outside_a_scope_are_plain_base64()
    {
        // The converters only switch to placeholders inside SocketBinary calls; the cached options stay neutral.
        var options = new JsonSerializerOptions();
        SocketBinary.Serialize(new byte[] { 1 }, options);

        Assert.Equal("\"AQ==\"", JsonSerializer.Serialize(new byte[] { 1 }, options));
    }

    [Fact]
    public void Caller_options_are_honoured()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = null };

        var payload = SocketBinary.Serialize(new { Content = new byte[] { 1 } }, options);

        Assert.Equal("{\"Content\":{\"_placeholder\":true,\"num\":0}}", payload.Data.GetRawText());
    }

    [Fact]
    public void Caller_options_without_an_encoder_keep_non_ascii_text_and_stay_unchanged()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var payload = SocketBinary.CreateArguments(["消息已收到"], options);

        Assert.Equal("[\"消息已收到\"]", payload.Data.GetRawText());
        Assert.Null(options.Encoder);
        Assert.False(options.IsReadOnly);
    }

    [Fact]
    public void A_caller_encoder_is_honoured()
    {
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

        Assert.Equal("[\"\\u4F60\"]", SocketBinary.CreateArguments(["你"], options).Data.GetRawText());
    }

    [Fact]
    public void Streams_are_written_from_their_position_and_read_back_as_read_only_streams()
    {
        using var source = new MemoryStream([9, 1, 2, 3]) { Position = 1 };
        var payload = SocketBinary.CreateArguments([source, new { Body = (Stream)new MemoryStream([4]) }]);

        Assert.Equal("[{\"_placeholder\":true,\"num\":0},{\"body\":{\"_placeholder\":true,\"num\":1}}]", payload.Data.GetRawText());
        Assert.Equal([[1, 2, 3], [4]], payload.Attachments.Select(a => a.ToArray()));

        var arguments = SocketBinary.Resolve(payload.Data, payload.Attachments);
        using var stream = arguments.Get<Stream>(0)!;
        using var memory = arguments.Get<MemoryStream>(0)!;
        Assert.Equal([1, 2, 3], memory.ToArray());
        Assert.Equal(3, stream.Length);
        Assert.False(stream.CanWrite);
        using var body = arguments.Get<StreamMessage>(1)!.Body;
        Assert.Equal(4, body.ReadByte());
        Assert.Equal(-1, body.ReadByte());
        Assert.Throws<JsonException>(() => arguments.Get<BufferedStream>(0));
    }

    [Fact]
    public void Placeholder_helpers()
    {
        var data = Parse("[{\"_placeholder\":true,\"num\":0},{\"a\":{\"_placeholder\":true}},{\"_placeholder\":false,\"num\":0}]");

        Assert.Equal([0, -1], SocketPlaceholders.Find(data));
        Assert.True(SocketPlaceholders.IsPlaceholder(data[1].GetProperty("a")));
        Assert.False(SocketPlaceholders.TryGetIndex(data[1].GetProperty("a"), out _));
        Assert.False(SocketPlaceholders.IsPlaceholder(data[2]));
        Assert.Equal(SocketParseError.InvalidPlaceholder, SocketPlaceholders.Validate(data, 1));
        Assert.Equal(SocketParseError.InvalidAttachmentCount, SocketPlaceholders.Validate(Parse("[{\"_placeholder\":true,\"num\":0}]"), 2));
        Assert.Equal(SocketParseError.None, SocketPlaceholders.Validate(Parse("[{\"_placeholder\":true,\"num\":0}]"), 1));
    }

    [Fact]
    public void Many_attachments_are_validated()
    {
        var values = Enumerable.Range(0, 1000).Select(i => (object?)new byte[] { (byte)i }).ToArray();

        var payload = SocketBinary.CreateArguments(values);

        Assert.Equal(1000, payload.Attachments.Count);
        Assert.Equal(SocketParseError.None, SocketPlaceholders.Validate(payload.Data, 1000));
        Assert.Equal(SocketParseError.InvalidAttachmentCount, SocketPlaceholders.Validate(payload.Data, 1001));
        Assert.Equal(SocketParseError.InvalidPlaceholder, SocketPlaceholders.Validate(payload.Data, 999));
    }

    [Fact]
    public void Seed_file_handler_as_in_the_docs()
    {
        var decoder = new SocketPacketDecoder();
        decoder.DecodeText("51-[\"file\",{\"_placeholder\":true,\"num\":0}]");
        var packet = decoder.DecodeBinary(new byte[] { 1, 2, 3, 4 }).Packet!;

        var args = SocketArguments.Of(packet);
        ReadOnlyMemory<byte> file = args.GetBytes(0);
        var ack = SocketBinary.CreateArguments([file.Length]);
        var forward = SocketBinary.CreateEventData("file", [file]);
        var encoded = SocketPacketEncoder.Encode(SocketPacket.Event("/", forward.Data, forward.Attachments));

        Assert.Equal("31[4]", SocketPacketEncoder.Encode(SocketPacket.Ack("/", 1, ack.Data, ack.Attachments)).Text);
        Assert.Equal("51-[\"file\",{\"_placeholder\":true,\"num\":0}]", encoded.Text);
        Assert.Equal([1, 2, 3, 4], Assert.Single(encoded.Attachments).ToArray());
    }

    [Fact]
    public void Duplicate_keys_resolve_like_JSON_parse_last_one_wins()
    {
        Assert.True(SocketPlaceholders.IsPlaceholder(Parse("{\"_placeholder\":false,\"_placeholder\":true,\"num\":0}")));
        Assert.True(SocketPlaceholders.TryGetIndex(Parse("{\"_placeholder\":true,\"num\":5,\"num\":0}"), out var index));
        Assert.Equal(0, index);
    }
}
