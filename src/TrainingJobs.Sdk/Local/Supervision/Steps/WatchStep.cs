namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>Why a job's processes ended.</summary>
internal enum EndReason
{
    /// <summary>Every rank exited on its own (or the first failure stopped the others).</summary>
    Exited,

    /// <summary>A cancel was requested (the CLI, the API, or SIGTERM to the supervisor).</summary>
    Canceled,

    /// <summary><c>limits.timeout</c> ran out.</summary>
    Timeout,
}

/// <summary>How the job's processes ended: why, which rank decided the exit code, and what stopping them took.</summary>
internal sealed record JobEnd(EndReason Reason, int Rank, int ExitCode, StopReport Stop)
{
    /// <summary>The reason as the supervisor log writes it.</summary>
    public string ReasonText => TextOf(Reason);

    /// <summary>A reason as the supervisor log writes it.</summary>
    public static string TextOf(EndReason reason) => reason switch
    {
        EndReason.Canceled => "canceled",
        EndReason.Timeout => "timeout",
        _ => "exited",
    };
}

/// <summary>
/// Watches the running job until it exits, is canceled, or runs past its deadline; stops its processes in the last two
/// cases, and in every case stops what it left behind and removes its containment.
/// </summary>
internal static class WatchStep
{
    /// <summary>Waits for the job's end and leaves no process of it running.</summary>
    public static async Task<JobEnd> WaitForEndAsync(SupervisionContext context, LaunchStep.Launched launched, DateTimeOffset? deadline)
    {
        var (containment, processes) = (launched.Containment, launched.Processes);
        var time = context.Time;
        using var stopWatching = new CancellationTokenSource();
        var exited = processes.WaitAllAsync(() => context.StopProcessesAsync(containment), CancellationToken.None);
        var canceled = WatchForCancelAsync(context, stopWatching.Token);
        var timedOut = deadline is { } end
            ? DelayAsync(end - time.GetUtcNow(), time, stopWatching.Token)
            : Task.Delay(Timeout.Infinite, stopWatching.Token);
        var first = await Task.WhenAny(exited, canceled, timedOut).ConfigureAwait(false);
        var reason = first == exited ? EndReason.Exited : first == canceled ? EndReason.Canceled : EndReason.Timeout;
        var stop = StopReport.Nothing;
        if (reason != EndReason.Exited)
        {
            context.Log($"stopping the job: {JobEnd.TextOf(reason)}");
            stop = await context.StopProcessesAsync(containment).ConfigureAwait(false);
        }
        var (rank, exitCode) = await exited.ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        // What the job left behind (daemons, double forks) when it exited; after a stop there is nothing left, so no
        // second grace period is spent.
        stop = stop.Then(await context.StopProcessesAsync(containment).ConfigureAwait(false));
        containment.Remove();
        var result = new JobEnd(reason, rank, exitCode, stop);
        context.Log($"exited: rank {rank} code {exitCode} ({result.ReasonText}); {stop}");
        return result;
    }

    /// <summary>A timer length every .NET timer accepts (about 24.8 days; Task.Delay throws past about 49.7): longer waits are taken in pieces.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Waits <paramref name="duration"/>, however long: Task.Delay alone throws past <see cref="LongestTimer"/>.</summary>
    internal static async Task DelayAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + duration;
        for (var left = duration; left > TimeSpan.Zero; left = deadline - time.GetUtcNow())
        {
            await Task.Delay(left < LongestTimer ? left : LongestTimer, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when a cancel is requested or the supervisor is told to terminate.</summary>
    private static async Task WatchForCancelAsync(SupervisionContext context, CancellationToken cancellationToken)
    {
        for (var polls = 1; ; polls++)
        {
            if (context.TerminateSignal.IsCompleted || context.Store.Jobs.Get(context.Name)?.CancelRequestedAt is not null) return;
            // Every two seconds, end the jobs whose supervisor died (one a job killed, say): a running supervisor is a reader too.
            if (polls % 20 == 0) context.SweepDeadSupervisors();
            await Task.WhenAny(Task.Delay(SupervisionContext.CheckInterval, context.Time, cancellationToken), context.TerminateSignal).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
