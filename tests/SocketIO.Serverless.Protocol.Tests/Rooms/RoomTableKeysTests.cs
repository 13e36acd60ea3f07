using SocketIO.Serverless.Protocol.Rooms;

namespace SocketIO.Serverless.Protocol.Tests.Rooms;

/// <summary>
/// The rooms table's keys against Azure Table Storage's documented rules (PartitionKey and RowKey: no <c>/ \ # ?</c>,
/// no control characters U+0000..U+001F and U+007F..U+009F, at most 1 KiB), which Azurite does not all enforce.
/// </summary>
public sealed class RoomTableKeysTests
{
    public static TheoryData<string> AwkwardNames => new()
    {
        "/",
        "/admin",
        "a/b\\c#d?e",
        "tab\there",
        "new\nline\r",
        "\u0000\u001f\u007f\u0080\u009f",
        "emoji 🎉👩‍💻",
        "percent %2F, bar | and bang !",
        "quote ' and \"",
        "中文房间",
        "\ud800 lone high",
        "lone low \udc00",
        "",
        new string('x', 2_000),
        string.Concat(Enumerable.Repeat("/#?\\\t", 400)),
    };

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public void Every_key_built_from_any_name_obeys_Azures_rules(string name)
    {
        string[] keys =
        [
            RoomTableKeys.NamespacePartition(name.Length == 0 ? "hub" : name, name),
            RoomTableKeys.SocketRow(name),
            RoomTableKeys.MemberRow(name, name),
            RoomTableKeys.JoinedRow(name, name),
            RoomTableKeys.OwnedRow(name, name),
            RoomTableKeys.InstanceRow(name),
            RoomTableKeys.InstanceNamespaceRow(name, name.Length == 0 ? "hub" : name, name),
            RoomTableKeys.MembersOf(name),
            RoomTableKeys.UpperBound(RoomTableKeys.MembersOf(name)),
        ];
        Assert.All(keys, key => Assert.True(RoomTableKeys.IsValidKey(key), $"invalid key ({key.Length} chars): {key[..Math.Min(key.Length, 80)]}"));
    }

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public void Escaping_is_reversible(string name) => Assert.Equal(name, RoomTableKeys.Unescape(RoomTableKeys.Escape(name)));

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public void An_escaped_component_never_holds_the_separator(string name) =>
        Assert.DoesNotContain(RoomTableKeys.Separator, RoomTableKeys.Component(name));

    [Fact]
    public void Plain_names_stay_readable() => Assert.Equal("room-1_ok.Ü", RoomTableKeys.Escape("room-1_ok.Ü"));

    [Fact]
    public void Forbidden_characters_become_hex_escapes() => Assert.Equal("a!2Fb!23c!3Fd!5Ce!09f!7Cg!21~", RoomTableKeys.Escape("a/b#c?d\\e\tf|g!~"));

    [Fact]
    public void Names_longer_than_a_component_are_hashed_distinctly_and_keep_their_prefix_free_of_collisions()
    {
        var first = RoomTableKeys.Component(new string('a', 2_000));
        var second = RoomTableKeys.Component(new string('a', 1_999) + "b");
        Assert.True(RoomTableKeys.IsHashed(first));
        Assert.NotEqual(first, second);
        Assert.Equal(first, RoomTableKeys.Component(new string('a', 2_000)));
        Assert.Throws<FormatException>(() => RoomTableKeys.Unescape(first));
    }

    [Fact]
    public void A_name_that_looks_like_a_hash_is_escaped_not_taken_for_one() =>
        Assert.False(RoomTableKeys.IsHashed(RoomTableKeys.Component("!h" + new string('A', 64))));

    [Fact]
    public void Escaping_a_name_right_at_the_limit_keeps_it_and_one_more_character_hashes_it()
    {
        Assert.False(RoomTableKeys.IsHashed(RoomTableKeys.Component(new string('r', RoomTableKeys.MaxComponentLength))));
        Assert.True(RoomTableKeys.IsHashed(RoomTableKeys.Component(new string('r', RoomTableKeys.MaxComponentLength + 1))));

        // Escapes count: 41 slashes escape to 123 characters.
        Assert.True(RoomTableKeys.IsHashed(RoomTableKeys.Component(new string('/', 41))));
    }

    [Fact]
    public void A_rooms_member_rows_sort_inside_its_range_and_another_rooms_outside()
    {
        var prefix = RoomTableKeys.MembersOf("chat");
        var upper = RoomTableKeys.UpperBound(prefix);
        static bool Inside(string key, string from, string to) => string.CompareOrdinal(key, from) >= 0 && string.CompareOrdinal(key, to) < 0;

        Assert.True(Inside(RoomTableKeys.MemberRow("chat", "socket-1"), prefix, upper));
        Assert.False(Inside(RoomTableKeys.MemberRow("chat2", "socket-1"), prefix, upper));
        Assert.False(Inside(RoomTableKeys.MemberRow("cha", "t|x"), prefix, upper));
        Assert.False(Inside(RoomTableKeys.JoinedRow("chat", "socket-1"), prefix, upper));
    }

    [Fact]
    public void Hubs_compare_case_insensitively_as_in_Web_PubSub() =>
        Assert.Equal(RoomTableKeys.NamespacePartition("Chat", "/"), RoomTableKeys.NamespacePartition("chat", "/"));

    [Fact]
    public void The_validator_refuses_what_Azure_refuses()
    {
        Assert.False(RoomTableKeys.IsValidKey("a/b"));
        Assert.False(RoomTableKeys.IsValidKey("a\\b"));
        Assert.False(RoomTableKeys.IsValidKey("a#b"));
        Assert.False(RoomTableKeys.IsValidKey("a?b"));
        Assert.False(RoomTableKeys.IsValidKey("a\tb"));
        Assert.False(RoomTableKeys.IsValidKey("a\u0085b"));
        Assert.False(RoomTableKeys.IsValidKey(new string('k', 513)));
        Assert.True(RoomTableKeys.IsValidKey(new string('k', 512)));
    }
}
