namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Wakes the jobs of this process that wait in <see cref="Steps.QueueStep"/> when a job supervised here ends: a
/// pipeline's or sweep's children share one supervisor process, so the step that takes the freed slot tries at once
/// instead of at its next poll (which cost a queued step 100 ms on average). Jobs of other processes still find a freed
/// slot by polling the database.
/// </summary>
internal static class SlotReleases
{
    private static TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Pulse"/>: read it before checking for a slot, then wait on it.</summary>
    public static Task Next => Volatile.Read(ref _next).Task;

    /// <summary>A job of this process ended (its slot is free): wakes every waiter.</summary>
    public static void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
