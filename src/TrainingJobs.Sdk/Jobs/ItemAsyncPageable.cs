using Azure;
using Azure.Core;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>An <see cref="AsyncPageable{T}"/> over items that arrive one by one (a backend without server paging).</summary>
internal sealed class ItemAsyncPageable<T> : AsyncPageable<T>
    where T : notnull
{
    private const int DefaultPageSize = 100;
    private readonly IAsyncEnumerable<T> _items;

    public ItemAsyncPageable(IAsyncEnumerable<T> items) => _items = items;

    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        // Continuation tokens are item counts to skip: the local list is ordered and stable.
        var skip = continuationToken is null ? 0 : int.Parse(continuationToken, System.Globalization.CultureInfo.InvariantCulture);
        var size = pageSizeHint is > 0 ? pageSizeHint.Value : DefaultPageSize;
        var page = new List<T>(size);
        var index = 0;
        await foreach (var item in _items.ConfigureAwait(false))
        {
            if (index++ < skip) continue;
            page.Add(item);
            if (page.Count == size)
            {
                yield return Page<T>.FromValues(page, (skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture), LocalResponse.Ok);
                skip += size;
                page = new List<T>(size);
            }
        }
        yield return Page<T>.FromValues(page, null, LocalResponse.Ok);
    }

    /// <summary>The response attached to local pages: there is no HTTP exchange behind them.</summary>
    private sealed class LocalResponse : Response
    {
        public static LocalResponse Ok { get; } = new();

        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = string.Empty;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
    }
}
