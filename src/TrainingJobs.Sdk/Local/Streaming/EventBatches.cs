using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Events read together (a chunk's log lines, or one status or metric event), reused from one batch to the next. The
/// events sit in slots of a struct rather than in a <c>JobEvent[]</c>: storing a line's event into an array of its
/// base class costs a covariance check per store (the array could be of a derived type), which a struct array cannot
/// need, and at 100-byte lines that check is a measurable part of streaming.
/// </summary>
internal sealed class EventBatch
{
    private Slot[] _slots = new Slot[64];

    /// <summary>How many events the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>The event at <paramref name="index"/> (below <see cref="Count"/>).</summary>
    public JobEvent this[int index] => _slots[index].Event;

    /// <summary>Empties the batch, letting go of the events it held.</summary>
    public void Clear()
    {
        Array.Clear(_slots, 0, Count);
        Count = 0;
    }

    /// <summary>Adds an event at the end.</summary>
    public void Add(JobEvent e)
    {
        if (Count == _slots.Length) Array.Resize(ref _slots, Count * 2);
        _slots[Count++] = new Slot(e);
    }

    /// <summary>Empties the batch and puts <paramref name="e"/> in it alone.</summary>
    public EventBatch Only(JobEvent e)
    {
        Clear();
        Add(e);
        return this;
    }

    private readonly record struct Slot(JobEvent Event);
}

/// <summary>
/// Hands out the events of batches one at a time: an event already read costs a slot read, not a pass through a
/// compiler-made async iterator (its state machine, execution context and promise), which at 100-byte lines cost more
/// than the line itself.
/// </summary>
internal static class EventBatches
{
    /// <summary>The events of <paramref name="batches"/> in order; a batch is not read again once the next one is asked for.</summary>
    public static IAsyncEnumerable<JobEvent> Flatten(IAsyncEnumerable<EventBatch> batches) => new Flattened(batches);

    private sealed class Flattened(IAsyncEnumerable<EventBatch> batches) : IAsyncEnumerable<JobEvent>
    {
        public IAsyncEnumerator<JobEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(batches.GetAsyncEnumerator(cancellationToken));
    }

    private sealed class Enumerator(IAsyncEnumerator<EventBatch> batches) : IAsyncEnumerator<JobEvent>
    {
        private EventBatch? _batch;
        private int _next;

        public JobEvent Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_batch is { } batch && _next < batch.Count)
            {
                Current = batch[_next++];
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
            _batch = null;
            return false;
        }

        public ValueTask DisposeAsync() => batches.DisposeAsync();
    }
}
