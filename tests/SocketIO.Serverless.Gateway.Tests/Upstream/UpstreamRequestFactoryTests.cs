using System.Globalization;
using SocketIO.Serverless.Gateway.Upstream;

namespace SocketIO.Serverless.Gateway.Tests.Upstream;

public sealed class UpstreamRequestFactoryTests
{
    [Theory]
    [InlineData("2026-12-02T05:10:00.0000000Z")]
    [InlineData("2026-01-09T23:59:59.9990000Z")]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.0420000Z")]
    [InlineData("2024-02-29T07:08:09.0070000Z")]
    public void Ce_time_is_written_as_the_format_it_replaces(string instant)
    {
        var utc = DateTime.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        Assert.Equal(utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), UpstreamRequestFactory.TimeValue(utc));
    }
}
