using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision.Steps;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The detached process that owns one job from <c>Queued</c> to its terminal status: waits for a free slot, hosts
/// the job's MLflow endpoint, starts the ranks, enforces <c>limits.timeout</c>, handles cancellation, and records
/// everything in the workspace database. It runs in its own session, so the submitter may exit. Each stage is a step
/// in <c>Steps/</c>, over a shared <see cref="SupervisionContext"/>.
/// </summary>
internal sealed class Supervisor
{
    private readonly SupervisionContext _context;
    private readonly int _limit;
    private readonly ContainmentPreference _containmentPreference;
    private readonly LocalJobPlan? _plan;

    private Supervisor(SupervisionContext context, int limit, ContainmentPreference containmentPreference, LocalJobPlan? plan = null)
    {
        _context = context;
        _limit = limit;
        _containmentPreference = containmentPreference;
        _plan = plan;
    }

    /// <summary>The supervisor's entry point: <c>--home H --job N --limit L --grace-ms G [--containment Automatic|Cgroup1|Processes]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        NativeMethods.StartSession();
        // Orphans of the job re-parent here, so what leaves the job's groups (its own setsid) is still stopped.
        NativeMethods.BecomeChildSubreaper();
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var layout = new WorkspaceLayout(Arg("--home"));
        // Without create: the job is in the database already, so a missing one was deleted and must not come back empty.
        var store = JobStore.Open(layout.Database, create: false);
        var name = Arg("--job");
        var kind = store.Jobs.Get(name)?.Kind;
        // A pipeline's or sweep's supervisor drives its children, each supervised in this process, with one disk reserve for all.
        var isParent = kind is StoredJobKinds.Pipeline or StoredJobKinds.Sweep;
        using var childrenReserve = isParent ? DiskReserve.Take(layout.JobFolder(name)) : null;
        // And one tracking server, each child served at its own path with its own token.
        await using var childrenTracking = isParent ? Mlflow.MlflowServer.StartShared() : null;
        // And one reaper for the orphans of all of them.
        await using var childrenReaper = isParent ? OrphanReaper.Start([], TimeProvider.System) : null;
        var context = new SupervisionContext(store, layout, name,
            TimeSpan.FromMilliseconds(long.Parse(Arg("--grace-ms"), CultureInfo.InvariantCulture)), TimeProvider.System)
        {
            SharedReserve = childrenReserve,
            SharedTracking = childrenTracking,
        };
        var supervisor = new Supervisor(context, int.Parse(Arg("--limit"), CultureInfo.InvariantCulture),
            args.Contains("--containment") ? Enum.Parse<ContainmentPreference>(Arg("--containment")) : ContainmentPreference.Automatic);
        // SIGTERM to the supervisor means "cancel the job", so stopping it never leaves processes behind.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            context.Terminate();
        });
        try
        {
            if (kind != StoredJobKinds.Command)
            {
                // A parent supervises its children in this process, and supervision blocks threads now and then (the
                // database, /proc, process starts): without spare threads the pool's slow growth runs children one by one.
                ThreadPool.GetMinThreads(out var workers, out var completion);
                ThreadPool.SetMinThreads(Math.Max(workers, 4 * supervisor._limit + 8), completion);
            }
            switch (kind)
            {
                case StoredJobKinds.Pipeline:
                    await Pipelines.PipelineDriver.RunAsync(context, supervisor._limit, supervisor._containmentPreference).ConfigureAwait(false);
                    break;
                case StoredJobKinds.Sweep:
                    await Sweeps.SweepDriver.RunAsync(context, supervisor._limit, supervisor._containmentPreference).ConfigureAwait(false);
                    break;
                default:
                    await supervisor.SuperviseAsync().ConfigureAwait(false);
                    break;
            }
            return 0;
        }
        catch (Exception e)
        {
            return Fail(context, e);
        }
    }

    /// <summary>
    /// Supervises one pipeline step in this process (the pipeline's supervisor): the same stages as a job of its own;
    /// a failure of its supervision fails the step, not the pipeline's other steps. <paramref name="plan"/> is the one
    /// its parent just recorded for it, so it is not read back.
    /// </summary>
    public static async Task SuperviseStepAsync(SupervisionContext context, int limit, ContainmentPreference containment, LocalJobPlan plan)
    {
        try
        {
            await new Supervisor(context, limit, containment, plan).SuperviseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not WorkspaceDatabaseLostException)
        {
            Fail(context, e);
        }
        finally
        {
            // The step's slot is free (or was never taken): its siblings queued in this process try at once.
            SlotReleases.Pulse();
        }
    }

    /// <summary>The supervisor itself failed: the job's processes must not outlive it, and the job is recorded as failed if it can be.</summary>
    private static int Fail(SupervisionContext context, Exception e)
    {
        context.Log($"supervisor: {e}");
        // Whatever went wrong, the job's processes must not outlive their supervisor (none exist before the containment).
        // When the database is gone (deleted or replaced under the job) or full, the kill still works: the
        // containment is held in memory, not read back from the database.
        var stopped = context.Containment?.Kill(TimeProvider.System) ?? StopReport.Nothing;
        context.Containment?.Remove();
        if (e is WorkspaceDatabaseLostException)
        {
            context.Log($"stopped the job's processes ({stopped}): its workspace database is gone, so no status can be recorded for it");
            return 1;
        }
        context.TryStore(() => context.Store.Jobs.TryTransition(context.Name, JobStatus.Failed, context.Now, errorCode: JobErrorCode.SystemError,
            errorMessage: context.Secrets.Redact($"The local supervisor failed: {e.Message} (the job's processes: {stopped}).")));
        return 1;
    }

    private async Task SuperviseAsync()
    {
        var (store, name) = (_context.Store, _context.Name);
        // A child sharing its parent's process was recorded as this process's by its parent, when it was created or the
        // parent started.
        if (!_context.SharesProcess)
        {
            var self = Environment.ProcessId;
            store.Jobs.SetSupervisor(name, self, ProcessInfo.StartTime(self) ?? 0);
        }
        var plan = _plan ?? JsonSerializer.Deserialize((store.Jobs.Get(name) ?? throw new InvalidOperationException($"Job {name} is not in the workspace.")).PlanJson,
            LocalJsonContext.Default.LocalJobPlan)!;
        _context.Log($"supervising {name} (limit {_limit})");

        if (!await QueueStep.WaitForSlotAsync(_context, _limit).ConfigureAwait(false)) return;

        await using var mlflow = await TrackingStep.HostAsync(_context, plan).ConfigureAwait(false);
        var environment = TrackingStep.VariablesFor(plan, name, mlflow.Address, mlflow.Token);
        _context.Secrets = SecretValues.Of(environment);
        // Space to record the job's end should it fill the disk; given back to the store's writes only once it has exited.
        var jobFolder = _context.Layout.JobFolder(name);
        using var ownReserve = _context.SharedReserve is null ? DiskReserve.Take(jobFolder) : null;
        var reserve = _context.SharedReserve ?? ownReserve!;

        if (!store.Jobs.TryTransition(name, JobStatus.Running, _context.Now)) return;
        var deadline = plan.TimeoutSeconds is { } seconds ? LaunchStep.DeadlineAfter(seconds, _context.Time) : (DateTimeOffset?)null;
        if (LaunchStep.Start(_context, plan, environment, deadline, _containmentPreference) is not { } launched) return;
        // A child sharing its parent's process leaves its orphans to the parent's reaper.
        await using var reaper = _context.SharesProcess ? null : OrphanReaper.Start(launched.Processes.Pids, _context.Time);
        JobEnd end;
        try
        {
            end = await WatchStep.WaitForEndAsync(_context, launched, deadline).ConfigureAwait(false);
        }
        finally
        {
            if (_context.SharesProcess) OrphanReaper.ForgetRanks(launched.Processes.Pids);
        }
        var diskFull = DiskSpace.IsFull(jobFolder);
        store.OnDiskFull = reserve.Release;

        FinalizeStep.Finalize(_context, plan, end);
        // The reserve may have been given back while finalizing: that too means the disk filled.
        TerminalStatusStep.Record(_context, plan, end, diskFull || reserve.WasReleased);
        _context.Log("done");
    }
}
