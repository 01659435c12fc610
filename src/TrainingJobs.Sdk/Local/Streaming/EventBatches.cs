namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Hands out the events of batches one at a time: an event already read costs a list index, not a pass through a
/// compiler-made async iterator (its state machine, execution context and promise), which at 100-byte lines cost more
/// than the line itself.
/// </summary>
internal static class EventBatches
{
    /// <summary>The events of <paramref name="batches"/> in order; a batch is not read again once the next one is asked for.</summary>
    public static IAsyncEnumerable<T> Flatten<T>(IAsyncEnumerable<IReadOnlyList<T>> batches) => new Flattened<T>(batches);

    private sealed class Flattened<T>(IAsyncEnumerable<IReadOnlyList<T>> batches) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator<T>(batches.GetAsyncEnumerator(cancellationToken));
    }

    private sealed class Enumerator<T>(IAsyncEnumerator<IReadOnlyList<T>> batches) : IAsyncEnumerator<T>
    {
        private IReadOnlyList<T> _batch = [];
        private int _next;

        public T Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_next < _batch.Count)
            {
                Current = _batch[_next++];
                return new ValueTask<bool>(true);
            }
            return NextBatchAsync();
        }

        private async ValueTask<bool> NextBatchAsync()
        {
            while (await batches.MoveNextAsync().ConfigureAwait(false))
            {
                _batch = batches.Current;
                _next = 0;
                if (_batch.Count == 0) continue;
                Current = _batch[_next++];
                return true;
            }
            _batch = [];
            return false;
        }

        public ValueTask DisposeAsync() => batches.DisposeAsync();
    }
}
