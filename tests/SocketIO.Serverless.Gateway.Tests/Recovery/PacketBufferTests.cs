using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Recovery;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.Tests.Recovery;

public sealed class PacketBufferTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void Packets_after_an_offset_are_those_the_session_rooms_would_have_received_in_order()
    {
        var buffer = new PacketBuffer(new ConnectionStateRecoveryOptions(), _time);
        lock (buffer.Gate)
        {
            buffer.Append(Packet("o1"), BroadcastTarget.All);
            buffer.Append(Packet("o2"), BroadcastTarget.ToRooms("r1"));
            buffer.Append(Packet("o3"), BroadcastTarget.ToRooms("r2"));
            buffer.Append(Packet("o4"), BroadcastTarget.All.Except("r1"));
            buffer.Append(Packet("o5"), BroadcastTarget.ToRooms("sid"));
            buffer.Append(Packet("o6"), BroadcastTarget.All);

            Assert.True(buffer.TryGetAfter("o1", ["sid", "r1"], out var missed));
            Assert.Equal(["o2", "o5", "o6"], missed.Select(packet => packet.Offset));
            Assert.True(buffer.TryGetAfter("o6", ["sid"], out var none));
            Assert.Empty(none);
            Assert.False(buffer.TryGetAfter("unknown", ["sid"], out _));
        }
    }

    [Fact]
    public void Past_the_count_bound_the_oldest_packets_go_and_their_offsets_are_not_found_so_no_session_resumes_with_a_gap()
    {
        var buffer = new PacketBuffer(new ConnectionStateRecoveryOptions { MaxPackets = 3 }, _time);
        lock (buffer.Gate)
        {
            foreach (var offset in new[] { "o1", "o2", "o3", "o4", "o5" })
            {
                buffer.Append(Packet(offset), BroadcastTarget.All);
            }

            Assert.False(buffer.TryGetAfter("o2", ["sid"], out _));
            Assert.True(buffer.TryGetAfter("o3", ["sid"], out var missed));
            Assert.Equal(["o4", "o5"], missed.Select(packet => packet.Offset));
        }

        Assert.Equal(3, buffer.Count);
    }

    [Fact]
    public void Past_the_byte_bound_the_oldest_packets_go()
    {
        var buffer = new PacketBuffer(new ConnectionStateRecoveryOptions { MaxPacketBytes = 1_000 }, _time);
        lock (buffer.Gate)
        {
            for (var i = 0; i < 20; i++)
            {
                buffer.Append(Packet("o" + i), BroadcastTarget.All);
            }
        }

        Assert.InRange(buffer.Bytes, 1, 1_000);
        Assert.InRange(buffer.Count, 1, 19);
        Assert.False(buffer.Contains("o0"));
        Assert.True(buffer.Contains("o19"));
    }

    [Fact]
    public void Packets_older_than_MaxDisconnectionDuration_go_even_with_no_new_packet()
    {
        var buffer = new PacketBuffer(new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = 1_000 }, _time);
        lock (buffer.Gate)
        {
            buffer.Append(Packet("o1"), BroadcastTarget.All);
        }

        Assert.True(buffer.Contains("o1"));
        _time.Advance(TimeSpan.FromMilliseconds(1_001));
        Assert.False(buffer.Contains("o1"));
        Assert.Equal(0, buffer.Bytes);
    }

    [Fact]
    public void A_packet_without_an_offset_is_not_kept()
    {
        var buffer = new PacketBuffer(new ConnectionStateRecoveryOptions(), _time);
        lock (buffer.Gate)
        {
            buffer.Append(Packet(null), BroadcastTarget.All);
        }

        Assert.Equal(0, buffer.Count);
    }

    [Theory]
    [InlineData(nameof(ConnectionStateRecoveryOptions.MaxDisconnectionDuration))]
    [InlineData(nameof(ConnectionStateRecoveryOptions.MaxPackets))]
    [InlineData(nameof(ConnectionStateRecoveryOptions.MaxPacketBytes))]
    public void Bounds_below_one_are_refused(string property)
    {
        var options = new ConnectionStateRecoveryOptions();
        var info = typeof(ConnectionStateRecoveryOptions).GetProperty(property)!;
        info.SetValue(options, Convert.ChangeType(0, info.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, error => error.MemberNames.Contains(property));
    }

    [Fact]
    public void Defaults_are_Node_ones_and_recovery_is_off()
    {
        var options = new ConnectionStateRecoveryOptions();
        Assert.False(options.Enabled);
        Assert.Equal(120_000, options.MaxDisconnectionDuration);
        Assert.True(options.SkipMiddlewares);
    }

    private static OutboundPacket Packet(string? offset)
    {
        var data = JsonSerializer.SerializeToElement(offset is null ? new object[] { "news", "x" } : new object[] { "news", "x", offset });
        return OutboundPacket.From(SocketPacket.Event("/", data, []), offset);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
