namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Threads that block in <c>waitpid</c>, one per child being waited for, kept idle after a wait to take the next one: a
/// pipeline's supervisor waits for hundreds of short steps, and starting a thread for each cost more than the wait.
/// A wait never queues behind another: it takes an idle thread that is reserved for it, or starts a new one.
/// </summary>
internal static class ExitWaiterThreads
{
    /// <summary>Idle threads kept beyond this many end; a burst of concurrent ranks does not hold threads for ever.</summary>
    private const int MaxIdle = 16;

    // Guarded by itself; idle threads sleep in Monitor.Wait on it (a semaphore's spinning cost more than the waits).
    private static readonly Queue<Action> s_waits = new();

    // Idle threads not yet reserved: each reservation (a decrement) hands one queued wait to exactly one idle thread.
    private static int s_idle;

    /// <summary>Runs <paramref name="blockingWait"/> (a <c>waitpid</c> loop that never throws) on a thread of its own.</summary>
    public static void Wait(Action blockingWait)
    {
        if (TryReserveIdle())
        {
            lock (s_waits)
            {
                s_waits.Enqueue(blockingWait);
                Monitor.Pulse(s_waits);
            }
            return;
        }
        var thread = new Thread(() => Run(blockingWait), maxStackSize: 256 * 1024)
        {
            IsBackground = true,
            Name = "rank waitpid",
        };
        thread.UnsafeStart();
    }

    private static bool TryReserveIdle()
    {
        for (var idle = Volatile.Read(ref s_idle); idle > 0; idle = Volatile.Read(ref s_idle))
        {
            if (Interlocked.CompareExchange(ref s_idle, idle - 1, idle) == idle) return true;
        }
        return false;
    }

    private static Action Next()
    {
        lock (s_waits)
        {
            while (s_waits.Count == 0) Monitor.Wait(s_waits);
            return s_waits.Dequeue();
        }
    }

    private static void Run(Action first)
    {
        for (var wait = first; ; wait = Next())
        {
            wait();
            // Offer this thread for the next wait, unless enough already are idle.
            while (true)
            {
                var idle = Volatile.Read(ref s_idle);
                if (idle >= MaxIdle) return;
                if (Interlocked.CompareExchange(ref s_idle, idle + 1, idle) == idle) break;
            }
        }
    }
}
