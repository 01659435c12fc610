using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// Running: creates the job's containment and starts its ranks inside it. The containment and the deadline are
/// recorded before any rank runs: whoever reads the job can then find every process it will have, and end it past
/// its deadline if it has killed this supervisor.
/// </summary>
internal static class LaunchStep
{
    /// <summary>The started job: its containment and its ranks.</summary>
    public sealed record Launched(JobContainment Containment, JobProcesses Processes);

    /// <summary>Starts the ranks; null when they could not start (the job is then recorded as failed).</summary>
    public static Launched? Start(SupervisionContext context, LocalJobPlan plan, Dictionary<string, string> environment,
        DateTimeOffset? deadline, ContainmentPreference preference)
    {
        var containment = context.Containment = JobContainment.Create(context.Layout.Home, context.Name, preference, deadline, ownsSupervisorDescendants: !context.SharesProcess);
        context.RecordGroups(containment.Record());
        context.Log($"containment: {containment.Description}");
        environment[JobContainment.TokenVariable] = containment.Token!;
        JobProcesses processes;
        try
        {
            // Each rank's group is recorded as soon as it runs: a reader or a cancel can then always reach it.
            processes = JobProcesses.Start(plan, context.Layout.ArtifactsFolder(context.Name), environment, containment.JoinFile, groups =>
            {
                containment.Track(groups);
                context.RecordGroups(containment.Record());
            });
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            // Start already killed the groups of the ranks it had started; a rank caught before its own setsid is still
            // in the supervisor's group, and the containment finds it (cgroup, token, descendants).
            context.Log($"could not start: {e.Message}; {containment.Kill(context.Time)}");
            containment.Remove();
            context.Store.Jobs.TryTransition(context.Name, JobStatus.Failed, context.Now, errorCode: JobErrorCode.SystemError,
                errorMessage: context.Secrets.Redact("The job could not start: " + e.Message));
            return null;
        }
        context.Log($"started {plan.ProcessCount} process(es): groups {string.Join(',', processes.Groups.Select(g => g.Id))}");
        return new Launched(containment, processes);
    }

    /// <summary>When a timeout of <paramref name="seconds"/> from now runs out (the end of time for one too long to represent).</summary>
    public static DateTimeOffset DeadlineAfter(double seconds, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return seconds < (DateTimeOffset.MaxValue - now).TotalSeconds ? now + TimeSpan.FromSeconds(seconds) : DateTimeOffset.MaxValue;
    }
}
