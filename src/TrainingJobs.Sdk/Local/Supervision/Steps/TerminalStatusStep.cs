using System.Globalization;
using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// Records the job's terminal status and, for a failure, the error a user acts on: the timeout, the cancel, the disk
/// that filled, or the exit code with the last lines of the failing rank's log.
/// </summary>
internal static class TerminalStatusStep
{
    private const int LogTailLines = 20;

    /// <summary>Records how the job ended; <paramref name="diskFull"/> says the disk filled while the job ran or finalized.</summary>
    public static void Record(SupervisionContext context, LocalJobPlan plan, JobEnd end, bool diskFull)
    {
        var (store, name, exitCode) = (context.Store, context.Name, end.ExitCode);
        switch (end.Reason)
        {
            case EndReason.Canceled:
                store.Jobs.TryTransition(name, JobStatus.Canceled, context.Now, exitCode, JobErrorCode.Canceled, $"The job was canceled; {end.Stop}.");
                break;
            case EndReason.Timeout:
                store.Jobs.TryTransition(name, JobStatus.Failed, context.Now, exitCode, JobErrorCode.JobTimeout,
                    $"The job exceeded its limits.timeout of {TimeSpan.FromSeconds(plan.TimeoutSeconds!.Value)} ({plan.TimeoutSeconds} s); {end.Stop}.");
                break;
            default:
                if (exitCode == 0) store.Jobs.TryTransition(name, JobStatus.Completed, context.Now, exitCode);
                else RecordFailure(context, plan, end, diskFull);
                break;
        }
    }

    /// <summary>A rank exited with a non-zero code: a full disk, else the user's error with the rank's last log lines.</summary>
    private static void RecordFailure(SupervisionContext context, LocalJobPlan plan, JobEnd end, bool diskFull)
    {
        var (store, name, rank, exitCode) = (context.Store, context.Name, end.Rank, end.ExitCode);
        var jobFolder = context.Layout.JobFolder(name);
        var log = Path.Combine(context.Layout.ArtifactsFolder(name), JobProcesses.LogFile(plan, rank));
        var onRank = plan.ProcessCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" on rank {rank}") : "";
        if (diskFull)
        {
            store.Jobs.TryTransition(name, JobStatus.Failed, context.Now, exitCode, JobErrorCode.DiskFull, context.Secrets.Redact(DiskReserve.FullMessage(
                context.Layout.Home, exitCode, onRank, LogTail(jobFolder, log, LogTailLines))));
            return;
        }
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The command exited with code {exitCode}")
            .Append(onRank)
            .Append(". Last lines of ").Append(JobProcesses.LogFile(plan, rank)).Append(':').Append('\n')
            .Append(LogTail(jobFolder, log, LogTailLines));
        store.Jobs.TryTransition(name, JobStatus.Failed, context.Now, exitCode, JobErrorCode.UserError, context.Secrets.Redact(message.ToString()));
    }

    /// <summary>The last lines of a log, read from its end (never the whole file), and only if it is a regular file the job did not swap for a link.</summary>
    internal static string LogTail(string jobFolder, string path, int lines)
    {
        using var stream = DirectoryHandle.TryOpenFileBelow(jobFolder, path, out var refusal);
        if (stream is null) return refusal!.EndsWith(DirectoryHandle.DoesNotExist, StringComparison.Ordinal) ? "(no log)" : $"(the log was not read: {refusal})";
        var take = (int)Math.Min(stream.Length, 8192);
        stream.Seek(-take, SeekOrigin.End);
        var buffer = new byte[take];
        stream.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer).TrimEnd('\n');
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
