using Microsoft.Extensions.Time.Testing;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are pending, so a test can move the clock straight to
/// the next one (<see cref="NextDue"/>) instead of a second at a time. Moving it by fixed steps while the code under test
/// was still in an HTTP exchange made the measured waits longer under load (a 15 s wait was seen as 17 s).
/// </summary>
internal sealed class TimerAwareTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly object _gate = new();
    private readonly HashSet<TrackedTimer> _pending = [];

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Schedule(dueTime, period);
        tracked.Inner = base.CreateTimer(s =>
        {
            tracked.Fired();
            callback(s);
        }, state, dueTime, period);
        return tracked;
    }

    /// <summary>How far the clock must move for the earliest pending timer to fire; null when no timer is pending.</summary>
    public TimeSpan? NextDue()
    {
        lock (_gate)
        {
            if (_pending.Count == 0) return null;
            var earliest = _pending.Min(t => t.DueAt);
            var wait = earliest - GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    private void Track(TrackedTimer timer, bool pending)
    {
        lock (_gate)
        {
            if (pending) _pending.Add(timer);
            else _pending.Remove(timer);
        }
    }

    private sealed class TrackedTimer(TimerAwareTimeProvider owner) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset DueAt { get; private set; }

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var pending = dueTime != Timeout.InfiniteTimeSpan;
            if (pending) DueAt = owner.GetUtcNow() + dueTime;
            owner.Track(this, pending);
        }

        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero) owner.Track(this, pending: false);
            else DueAt = owner.GetUtcNow() + _period;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.Track(this, pending: false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner.Track(this, pending: false);
            return Inner.DisposeAsync();
        }
    }
}
