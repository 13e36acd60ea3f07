using Azure;

namespace SocketIO.Serverless.Functions;

/// <summary>An <see cref="AsyncPageable{T}"/> that fetches pages one after another by their continuation link.</summary>
internal sealed class LinkPageable<T>(Func<string?, int?, CancellationToken, Task<Page<T>>> fetch, CancellationToken cancellationToken) : AsyncPageable<T>(cancellationToken)
    where T : notnull
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var link = continuationToken;
        do
        {
            var page = await fetch(link, pageSizeHint, CancellationToken).ConfigureAwait(false);
            yield return page;
            link = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(link));
    }
}
