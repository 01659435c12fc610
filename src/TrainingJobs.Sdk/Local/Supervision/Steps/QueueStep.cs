using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>Queued: waits for a slot among the workspace's running jobs, first come first served.</summary>
internal static class QueueStep
{
    /// <summary>
    /// Waits until the job holds a slot (true), or until it ended or was canceled while queued (false; a cancel is
    /// recorded here).
    /// </summary>
    public static async Task<bool> WaitForSlotAsync(SupervisionContext context, int limit)
    {
        var store = context.Store;
        for (var polls = 0; !store.Jobs.TryDequeue(context.Name, limit, context.Now); polls++)
        {
            var current = store.Jobs.Get(context.Name)!;
            if (JobStatus.Parse(current.Status).IsTerminal) return false;
            if (current.CancelRequestedAt is not null || context.TerminateSignal.IsCompleted)
            {
                store.Jobs.TryTransition(context.Name, JobStatus.Canceled, context.Now, errorCode: JobErrorCode.Canceled, errorMessage: "The job was canceled before it started.");
                return false;
            }
            // Once a second, free the slots of jobs whose supervisor died (it cannot do so itself).
            if (polls % 10 == 0) context.SweepDeadSupervisors();
            await Task.WhenAny(Task.Delay(SupervisionContext.CheckInterval, context.Time), context.TerminateSignal).ConfigureAwait(false);
        }
        return true;
    }
}
