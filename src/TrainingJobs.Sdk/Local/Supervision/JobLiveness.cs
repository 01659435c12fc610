using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Detects a job whose supervisor is gone (killed, crashed, machine rebooted): its pid no longer runs with the
/// recorded start time. Such a job is marked <c>Failed</c> (or <c>Canceled</c> when cancellation was asked for)
/// with the reason, and whatever is left of its processes is killed. Any reader runs this check.
/// </summary>
internal static class JobLiveness
{
    /// <summary>How long a job may wait for its supervisor to record itself before it counts as orphaned.</summary>
    private static readonly TimeSpan SupervisorStartGrace = TimeSpan.FromSeconds(60);

    /// <summary>Checks one job; returns the row as it is after the check (null when there is no such job).</summary>
    public static JobRow? Check(JobStore store, string name, TimeProvider time)
    {
        var row = store.GetJob(name);
        if (row is null || JobStatus.Parse(row.Status).IsTerminal) return row;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        string? reason = null;
        if (row.SupervisorPid is not { } pid)
        {
            if (now - row.CreatedAt > SupervisorStartGrace.TotalMilliseconds)
            {
                reason = $"No local supervisor took the job within {SupervisorStartGrace.TotalSeconds} s of its submission (the submitting process may have ended first).";
            }
        }
        else if (row.SupervisorStart is not { } start || !ProcessInfo.IsAlive(pid, start))
        {
            // Re-read: the supervisor may have written the terminal status just before it exited.
            row = store.GetJob(name)!;
            if (JobStatus.Parse(row.Status).IsTerminal) return row;
            reason = $"The local supervisor (pid {pid}) ended unexpectedly while the job was {row.Status}; the job's remaining processes were stopped. Its log is artifacts/system_logs/supervisor.txt.";
        }
        if (reason is null) return row;
        if (row.ProcessGroups is { Length: > 0 } groups)
        {
            RecordedProcessGroup.KillAll(RecordedProcessGroup.ParseList(groups));
        }
        var canceled = row.CancelRequestedAt is not null;
        var (status, code) = canceled ? (JobStatus.Canceled, "Canceled") : (JobStatus.Failed, "SupervisorLost");
        try
        {
            if (store.TryTransition(name, status, now, errorCode: code, errorMessage: reason))
            {
                // The supervisor would have closed the job's MLflow runs; a RUNNING run of an ended job would read as live.
                foreach (var runId in store.GetRunIds(name))
                {
                    if (runId == name || store.GetRun(runId) is { Status: "RUNNING" or "SCHEDULED" }) store.UpdateRun(runId, canceled ? "KILLED" : "FAILED", now, null);
                }
            }
        }
        catch (WorkspaceDiskFullException)
        {
            // A reader on a full disk (list, show) still answers: with the job's end as it is, recorded by the next
            // reader once there is space again.
            return row with { Status = status.ToString(), EndedAt = now, ErrorCode = code, ErrorMessage = reason + " (Not recorded yet: the disk holding the workspace is full.)" };
        }
        return store.GetJob(name);
    }
}
