using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// Queued: waits for a slot among the workspace's running jobs, first come first served; woken at once when a job of
/// this process ends (<see cref="SlotReleases"/>), else by its poll.
/// </summary>
internal static class QueueStep
{
    /// <summary>
    /// Waits until the job holds a slot (true), or until it ended or was canceled while queued (false; a cancel is
    /// recorded here).
    /// </summary>
    public static async Task<bool> WaitForSlotAsync(SupervisionContext context, int limit)
    {
        var store = context.Store;
        // Not at once: most waits are a sibling's slot being freed in this process, and a sweep reads every active job.
        var lastSweep = context.Now;
        while (true)
        {
            // Taken before the check: a job that ends between the check and the wait still wakes this one.
            var released = SlotReleases.Next;
            if (store.Jobs.TryDequeue(context.Name, limit, context.Now)) return true;
            var current = store.Jobs.Get(context.Name)!;
            if (JobStatus.Parse(current.Status).IsTerminal) return false;
            if (current.CancelRequestedAt is not null || context.TerminateSignal.IsCompleted)
            {
                store.Jobs.TryTransition(context.Name, JobStatus.Canceled, context.Now, errorCode: JobErrorCode.Canceled, errorMessage: "The job was canceled before it started.");
                return false;
            }
            // Once a second, free the slots of jobs whose supervisor died (it cannot do so itself).
            if (context.Now - lastSweep >= 1000)
            {
                context.SweepDeadSupervisors();
                lastSweep = context.Now;
            }
            await Task.WhenAny(Task.Delay(SupervisionContext.CheckInterval, context.Time), context.TerminateSignal, released).ConfigureAwait(false);
        }
    }
}
