using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// Stops whatever a test's jobs left running, the way a user would: cancel (flag and SIGTERM to the supervisor, which
/// stops the job's processes itself), wait a bounded time for the supervisors to exit, and only then SIGKILL what is
/// left and what the job's recorded containment holds. Killing the supervisor first could leave processes it had not recorded yet.
/// </summary>
internal static class WorkspaceCleanup
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static async Task StopEverythingAsync(string databasePath)
    {
        if (!File.Exists(databasePath)) return;
        var store = JobStore.Open(databasePath);
        using var deadline = new CancellationTokenSource(Bound);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var waiting = false;
            foreach (var row in store.Jobs.List())
            {
                var terminal = JobStatus.Parse(row.Status).IsTerminal;
                if (!terminal && flagged.Add(row.Name)) store.Jobs.RequestCancel(row.Name, 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (row.SupervisorPid is { } pid && row.SupervisorStart is { } start && ProcessInfo.IsAlive(pid, start))
                {
                    NativeMethods.SignalProcess(pid, NativeMethods.SIGTERM);
                    waiting = true;
                }
                else if (!terminal && row.SupervisorPid is null)
                {
                    waiting = true; // launched but not yet recorded: it sees the cancel flag once it starts
                }
            }
            if (!waiting) break;
            try
            {
                if (!await timer.WaitForNextTickAsync(deadline.Token)) break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        foreach (var row in store.Jobs.List())
        {
            if (row.SupervisorPid is { } pid && row.SupervisorStart is { } start && ProcessInfo.IsAlive(pid, start))
            {
                NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
            }
            // Everything the job's containment holds (cgroup, token, groups), and its cgroup goes with it.
            var containment = JobContainment.FromRecord(row.ProcessGroups);
            containment.Kill(TimeProvider.System);
            containment.Remove();
        }
    }

    /// <summary>The live processes (not zombies) of a job, found by the <c>AZUREML_RUN_ID</c> every one of them inherits.</summary>
    public static IReadOnlyList<int> LiveJobProcesses(string jobName)
    {
        var entry = "AZUREML_RUN_ID=" + jobName;
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) || ProcessInfo.StartTime(pid) is null) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(entry)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours.
            }
        }
        return found;
    }
}
