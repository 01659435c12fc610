namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Reaps the job's orphans while it runs. The supervisor is a child subreaper, so every process the job orphans
/// (a double fork, a daemon) becomes its child, and when one exits it stays a zombie until its parent waits for it:
/// .NET waits only for the children it started as <see cref="System.Diagnostics.Process"/> (its SIGCHLD handler calls
/// <c>waitpid</c> on each of those pids), never for adopted ones. So this waits for each zombie child by pid, never
/// with <c>waitpid(-1)</c>, and never for a rank: that would take the exit code the runtime needs.
/// </summary>
internal sealed class OrphanReaper : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlySet<int> _ranks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OrphanReaper(IReadOnlySet<int> ranks, TimeProvider time)
    {
        _ranks = ranks;
        _loop = LoopAsync(time);
    }

    /// <summary>Starts reaping every <see cref="Interval"/>, leaving the pids of <paramref name="ranks"/> to the runtime.</summary>
    public static OrphanReaper Start(IEnumerable<int> ranks, TimeProvider time)
    {
        var set = ranks.ToHashSet();
        lock (StartLock) s_ranks.UnionWith(set);
        return new(set, time);
    }

    /// <summary>
    /// Held while a rank is started and registered, and while zombies are reaped: one process may supervise several
    /// jobs (a pipeline's steps), and no reaper may wait for any of their ranks, registered or about to be.
    /// </summary>
    public static readonly Lock StartLock = new();

    // The ranks of every job this process supervises (guarded by StartLock).
    private static readonly HashSet<int> s_ranks = [];

    /// <summary>Marks a just-started rank as the runtime's to wait for; call under <see cref="StartLock"/>.</summary>
    public static void RegisterRank(int pid) => s_ranks.Add(pid);

    /// <summary>
    /// Forgets the ranks of a job that shares its process with others, once they have been waited for: its orphans are
    /// reaped by the reaper its parent's supervisor runs for all its children (a last reap per child, under the lock
    /// every sibling's start takes, would sit between one step's end and the next one's start).
    /// </summary>
    public static void ForgetRanks(IEnumerable<int> pids)
    {
        lock (StartLock) s_ranks.ExceptWith(pids);
    }

    /// <summary>Forgets a registered process the runtime has waited for.</summary>
    public static void ForgetRank(int pid)
    {
        lock (StartLock) s_ranks.Remove(pid);
    }

    /// <summary>Reaps every zombie child that is not a rank; returns how many.</summary>
    public int ReapOnce()
    {
        lock (StartLock) return ProcessInfo.ZombieChildren(Environment.ProcessId).Count(pid => !s_ranks.Contains(pid) && NativeMethods.ReapChild(pid));
    }

    private async Task LoopAsync(TimeProvider time)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, time, _stop.Token).ConfigureAwait(false);
                ReapOnce();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Stops the loop and reaps once more (the processes killed at the end of the job).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        ReapOnce();
        // The runtime has waited for these ranks (the job ended): their numbers may now be reused by orphans.
        lock (StartLock) s_ranks.ExceptWith(_ranks);
        _stop.Dispose();
    }
}
