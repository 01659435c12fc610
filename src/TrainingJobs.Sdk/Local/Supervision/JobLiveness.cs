using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Detects a job whose supervisor is gone (killed — by the job itself, say —, crashed, machine rebooted): its pid no
/// longer runs with the recorded start time. Whatever is left of the job's processes is killed through its recorded
/// containment (cgroup, token, process groups) and the job is marked <c>Failed</c> — <c>JobTimeout</c> when it is past
/// its recorded <c>limits.timeout</c> deadline, else <c>SupervisorLost</c> — or <c>Canceled</c> when cancellation was
/// asked for, with what the kill verified. Any reader runs this check, and so does every other supervisor.
/// </summary>
internal static class JobLiveness
{
    /// <summary>How long a job may wait for its supervisor to record itself before it counts as orphaned.</summary>
    private static readonly TimeSpan SupervisorStartGrace = TimeSpan.FromSeconds(60);

    /// <summary>Checks one job; returns the row as it is after the check (null when there is no such job).</summary>
    public static JobRow? Check(JobStore store, string name, TimeProvider time)
    {
        var row = store.Jobs.Get(name);
        if (row is null || JobStatus.Parse(row.Status).IsTerminal) return row;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var containment = JobContainment.FromRecord(row.ProcessGroups);
        var pastDeadline = containment.Deadline is { } deadline && time.GetUtcNow() >= deadline;
        string? reason = null;
        string? supervisorFate = null;
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
            row = store.Jobs.Get(name)!;
            if (JobStatus.Parse(row.Status).IsTerminal) return row;
            supervisorFate = "ended unexpectedly";
        }
        else if (ProcessInfo.IsStopped(pid) && (pastDeadline || row.CancelRequestedAt is not null))
        {
            // A supervisor stopped with SIGSTOP (the job can do that to its parent) enforces neither the timeout nor a
            // cancel, and holds a slot for ever: it is killed (pid and start time checked just above) and the job ended.
            NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
            supervisorFate = "was stopped (SIGSTOP) and was killed";
        }
        if (supervisorFate is not null)
        {
            containment = JobContainment.FromRecord(row.ProcessGroups);
            reason = $"The local supervisor (pid {row.SupervisorPid}) {supervisorFate} while the job was {row.Status}";
        }
        if (reason is null) return row;
        var stopped = containment.Kill(time);
        containment.Remove();
        var canceled = row.CancelRequestedAt is not null;
        var timedOut = !canceled && pastDeadline;
        if (supervisorFate is not null)
        {
            reason = timedOut
                ? $"The job exceeded its limits.timeout and its local supervisor (pid {row.SupervisorPid}) {supervisorFate} (the job may have done that), so a reader stopped the job; {stopped}. The supervisor's log is artifacts/system_logs/supervisor.txt."
                : $"{reason}; {stopped}. Its log is artifacts/system_logs/supervisor.txt.";
        }
        var (status, code) = canceled ? (JobStatus.Canceled, JobErrorCode.Canceled) : (JobStatus.Failed, timedOut ? JobErrorCode.JobTimeout : JobErrorCode.SupervisorLost);
        try
        {
            if (store.Jobs.TryTransition(name, status, now, errorCode: code, errorMessage: reason))
            {
                // The supervisor would have closed the job's MLflow runs; a RUNNING run of an ended job would read as live.
                foreach (var runId in store.Runs.IdsOfJob(name))
                {
                    if (runId == name || store.Runs.Get(runId) is { Status: "RUNNING" or "SCHEDULED" }) store.Runs.Update(runId, canceled ? "KILLED" : "FAILED", now, null);
                }
            }
        }
        catch (WorkspaceDiskFullException)
        {
            // A reader on a full disk (list, show) still answers: with the job's end as it is, recorded by the next
            // reader once there is space again.
            return row with { Status = status.ToString(), EndedAt = now, ErrorCode = code.ToString(), ErrorMessage = reason + " (Not recorded yet: the disk holding the workspace is full.)" };
        }
        return store.Jobs.Get(name);
    }
}
