using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Mlflow;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The detached process that owns one job from <c>Queued</c> to its terminal status: waits for a free slot, hosts
/// the job's MLflow endpoint, starts the ranks, enforces <c>limits.timeout</c>, handles cancellation, and records
/// everything in the workspace database. It runs in its own session, so the submitter may exit.
/// </summary>
internal sealed class Supervisor
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);
    private const int LogTailLines = 20;

    private readonly JobStore _store;
    private readonly WorkspaceLayout _layout;
    private readonly string _name;
    private readonly int _limit;
    private readonly TimeSpan _defaultGrace;
    private readonly TimeProvider _time;
    private ContainmentPreference _containmentPreference;
    private JobContainment? _containment;
    private readonly TaskCompletionSource _terminateSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SecretValues _secrets = SecretValues.None;

    private Supervisor(JobStore store, WorkspaceLayout layout, string name, int limit, TimeSpan defaultGrace, TimeProvider time)
    {
        _store = store;
        _layout = layout;
        _name = name;
        _limit = limit;
        _defaultGrace = defaultGrace;
        _time = time;
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
        var supervisor = new Supervisor(store, layout, Arg("--job"), int.Parse(Arg("--limit"), CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(long.Parse(Arg("--grace-ms"), CultureInfo.InvariantCulture)), TimeProvider.System)
        {
            _containmentPreference = args.Contains("--containment") ? Enum.Parse<ContainmentPreference>(Arg("--containment")) : ContainmentPreference.Automatic,
        };
        // SIGTERM to the supervisor means "cancel the job", so stopping it never leaves processes behind.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            supervisor._terminateSignal.TrySetResult();
        });
        try
        {
            await supervisor.SuperviseAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e)
        {
            supervisor.Log($"supervisor: {e}");
            // Whatever went wrong, the job's processes must not outlive their supervisor (none exist before the containment).
            // When the database is gone (deleted or replaced under the job) or full, the kill still works: the
            // containment is held in memory, not read back from the database.
            var stopped = supervisor._containment?.Kill(TimeProvider.System) ?? StopReport.Nothing;
            supervisor._containment?.Remove();
            if (e is WorkspaceDatabaseLostException)
            {
                supervisor.Log($"stopped the job's processes ({stopped}): its workspace database is gone, so no status can be recorded for it");
                return 1;
            }
            supervisor.TryStore(() => store.Jobs.TryTransition(supervisor._name, JobStatus.Failed, supervisor.Now, errorCode: JobErrorCode.SystemError,
                errorMessage: supervisor._secrets.Redact($"The local supervisor failed: {e.Message} (the job's processes: {stopped}).")));
            return 1;
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Writes to the supervisor log, with the job's secrets redacted; on a full disk the line is lost, not the job.</summary>
    private void Log(string message)
    {
        try
        {
            Console.Error.WriteLine($"{_time.GetUtcNow():O} {_secrets.Redact(message)}");
        }
        catch (IOException)
        {
            // The disk holding the log is full: the job's end is still recorded (see DiskReserve).
        }
    }

    /// <summary>A store call made while cleaning up after a failure: when the database is gone or full, logs why and returns default.</summary>
    private T? TryStore<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is IOException or System.Data.Common.DbException)
        {
            Log($"could not use the workspace database: {e.Message}");
            return default;
        }
    }

    private async Task SuperviseAsync()
    {
        var self = Environment.ProcessId;
        _store.Jobs.SetSupervisor(_name, self, ProcessInfo.StartTime(self) ?? 0);
        var row = _store.Jobs.Get(_name) ?? throw new InvalidOperationException($"Job {_name} is not in the workspace.");
        var plan = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalJobPlan)!;
        Log($"supervising {_name} (limit {_limit})");

        // Queued: wait for a slot, first come first served.
        for (var polls = 0; !_store.Jobs.TryDequeue(_name, _limit, Now); polls++)
        {
            var current = _store.Jobs.Get(_name)!;
            if (JobStatus.Parse(current.Status).IsTerminal) return;
            if (current.CancelRequestedAt is not null || _terminateSignal.Task.IsCompleted)
            {
                _store.Jobs.TryTransition(_name, JobStatus.Canceled, Now, errorCode: JobErrorCode.Canceled, errorMessage: "The job was canceled before it started.");
                return;
            }
            // Once a second, free the slots of jobs whose supervisor died (it cannot do so itself).
            if (polls % 10 == 0) SweepDeadSupervisors();
            await Task.WhenAny(Task.Delay(CheckInterval, _time), _terminateSignal.Task).ConfigureAwait(false);
        }

        // Preparing: the MLflow endpoint and the pre-created run (MLFLOW_RUN_ID = job name).
        var jobFolder = _layout.JobFolder(_name);
        var api = new MlflowApi(_store, _name, jobFolder, _time);
        await using var mlflow = MlflowServer.Start(api);
        _store.Runs.Insert(new RunRow(_name, _name, plan.ExperimentId, row.Name, Environment.UserName, "RUNNING", Now, null, "active", MlflowApi.JobArtifactUri(jobFolder)));
        _store.Runs.SetTag(_name, "mlflow.runName", _name);
        _store.Jobs.SetTrackingUri(_name, mlflow.Address.ToString());
        var environment = new Dictionary<string, string>(plan.Environment, StringComparer.Ordinal)
        {
            ["MLFLOW_TRACKING_URI"] = mlflow.Address.ToString().TrimEnd('/'),
            ["MLFLOW_TRACKING_TOKEN"] = mlflow.Token,
            ["MLFLOW_RUN_ID"] = _name,
            ["MLFLOW_EXPERIMENT_NAME"] = plan.ExperimentName,
            ["MLFLOW_EXPERIMENT_ID"] = plan.ExperimentId,
            ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "2",
            ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "30",
            ["MLFLOW_DISABLE_TELEMETRY"] = "true",
        };
        _secrets = SecretValues.Of(environment);

        // Space to record the job's end should it fill the disk; given back to the store's writes only once it has exited.
        using var reserve = DiskReserve.Take(jobFolder);

        // Running.
        if (!_store.Jobs.TryTransition(_name, JobStatus.Running, Now)) return;
        var artifacts = _layout.ArtifactsFolder(_name);
        // The containment and the timeout's deadline are recorded before any rank runs: whoever reads the job can then
        // find every process it will have, and end it past its deadline if it has killed this supervisor.
        var deadline = plan.TimeoutSeconds is { } seconds ? DeadlineAfter(seconds) : (DateTimeOffset?)null;
        var containment = _containment = JobContainment.Create(_layout.Home, _name, _containmentPreference, deadline);
        RecordGroups(containment.Record());
        Log($"containment: {containment.Description}");
        environment[JobContainment.TokenVariable] = containment.Token!;
        JobProcesses processes;
        try
        {
            // Each rank's group is recorded as soon as it runs: a reader or a cancel can then always reach it.
            processes = JobProcesses.Start(plan, artifacts, environment, containment.JoinFile, groups =>
            {
                containment.Track(groups);
                RecordGroups(containment.Record());
            });
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            // Start already killed the groups of the ranks it had started; a rank caught before its own setsid is still
            // in the supervisor's group, and the containment finds it (cgroup, token, descendants).
            Log($"could not start: {e.Message}; {containment.Kill(_time)}");
            containment.Remove();
            _store.Jobs.TryTransition(_name, JobStatus.Failed, Now, errorCode: JobErrorCode.SystemError, errorMessage: _secrets.Redact("The job could not start: " + e.Message));
            return;
        }
        Log($"started {plan.ProcessCount} process(es): groups {string.Join(',', processes.Groups.Select(g => g.Id))}");
        await using var reaper = OrphanReaper.Start(processes.Pids, _time);

        using var stopWatching = new CancellationTokenSource();
        var exited = processes.WaitAllAsync(() => StopProcessesAsync(containment), CancellationToken.None);
        var canceled = WatchForCancelAsync(stopWatching.Token);
        var timedOut = deadline is { } end
            ? DelayAsync(end - _time.GetUtcNow(), _time, stopWatching.Token)
            : Task.Delay(Timeout.Infinite, stopWatching.Token);
        var first = await Task.WhenAny(exited, canceled, timedOut).ConfigureAwait(false);
        var reason = first == exited ? "exited" : first == canceled ? "canceled" : "timeout";
        var stop = StopReport.Nothing;
        if (reason != "exited")
        {
            Log($"stopping the job: {reason}");
            stop = await StopProcessesAsync(containment).ConfigureAwait(false);
        }
        var (rank, exitCode) = await exited.ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        // What the job left behind (daemons, double forks) when it exited; after a stop there is nothing left, so no
        // second grace period is spent.
        stop = stop.Then(await StopProcessesAsync(containment).ConfigureAwait(false));
        containment.Remove();
        Log($"exited: rank {rank} code {exitCode} ({reason}); {stop}");
        var diskFull = DiskSpace.IsFull(jobFolder);
        _store.OnDiskFull = reserve.Release;

        // Finalizing: close the MLflow runs the way the exit code says (never the other way round). The job's own run
        // (MLFLOW_RUN_ID) always ends as the job does, even if the script marked it FINISHED and then failed: the job
        // status wins. Runs the script created itself are closed only if it left them open.
        _store.Jobs.TryTransition(_name, JobStatus.Finalizing, Now);
        var runStatus = reason == "exited" ? (exitCode == 0 ? "FINISHED" : "FAILED") : reason == "canceled" ? "KILLED" : "FAILED";
        foreach (var runId in _store.Runs.IdsOfJob(_name))
        {
            if (runId == _name || _store.Runs.Get(runId) is { Status: "RUNNING" or "SCHEDULED" }) _store.Runs.Update(runId, runStatus, Now, null);
        }
        RecordOutputDigests(plan, artifacts);
        foreach (var problem in LogFolderCheck.Problems(jobFolder, _layout.UserLogsFolder(_name)))
        {
            Log(problem);
            _store.Jobs.AddWarning(_name, problem);
        }

        switch (reason)
        {
            case "canceled":
                _store.Jobs.TryTransition(_name, JobStatus.Canceled, Now, exitCode, JobErrorCode.Canceled, $"The job was canceled; {stop}.");
                break;
            case "timeout":
                _store.Jobs.TryTransition(_name, JobStatus.Failed, Now, exitCode, JobErrorCode.JobTimeout,
                    $"The job exceeded its limits.timeout of {TimeSpan.FromSeconds(plan.TimeoutSeconds!.Value)} ({plan.TimeoutSeconds} s); {stop}.");
                break;
            default:
                if (exitCode == 0) _store.Jobs.TryTransition(_name, JobStatus.Completed, Now, exitCode);
                else
                {
                    var log = Path.Combine(artifacts, JobProcesses.LogFile(plan, rank));
                    if (diskFull || reserve.WasReleased)
                    {
                        _store.Jobs.TryTransition(_name, JobStatus.Failed, Now, exitCode, JobErrorCode.DiskFull, _secrets.Redact(DiskReserve.FullMessage(
                            _layout.Home, exitCode, plan.ProcessCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" on rank {rank}") : "", LogTail(jobFolder, log, LogTailLines))));
                        break;
                    }
                    var message = new StringBuilder()
                        .Append(CultureInfo.InvariantCulture, $"The command exited with code {exitCode}")
                        .Append(plan.ProcessCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" on rank {rank}") : "")
                        .Append(". Last lines of ").Append(JobProcesses.LogFile(plan, rank)).Append(':').Append('\n')
                        .Append(LogTail(jobFolder, log, LogTailLines));
                    _store.Jobs.TryTransition(_name, JobStatus.Failed, Now, exitCode, JobErrorCode.UserError, _secrets.Redact(message.ToString()));
                }
                break;
        }
        Log("done");
    }

    /// <summary>
    /// Records the ranks' groups. A job can fill the disk within a millisecond of its start: the supervisor, which holds the
    /// groups itself, then still stops them; only readers whose supervisor died could not (the job runs on, not failed).
    /// </summary>
    private void RecordGroups(string groups)
    {
        try
        {
            _store.Jobs.SetProcessGroups(_name, groups);
        }
        catch (WorkspaceDiskFullException e)
        {
            Log($"could not record the job's process groups: {e.Message}");
        }
    }

    /// <summary>Digests what the job wrote (named outputs and ./outputs), now that nothing writes any more.</summary>
    private void RecordOutputDigests(LocalJobPlan plan, string artifacts)
    {
        var folders = plan.Outputs.Select(o => (o.Key, o.Value)).Append(("artifacts/outputs", Path.Combine(artifacts, "outputs")));
        foreach (var (output, folder) in folders)
        {
            try
            {
                if (OutputDigests.Of(_layout.JobFolder(_name), folder, _time) is not { } digest) continue;
                _store.Jobs.SetOutputDigest(_name, output, digest.Digest, digest.Files, digest.Bytes);
                foreach (var line in digest.Report(output + "/"))
                {
                    // The supervisor log for whoever reads system_logs, the job record for everyone else.
                    Log("output digest: " + line);
                    _store.Jobs.AddWarning(_name, $"Output digest of {line}");
                }
            }
            catch (IOException e)
            {
                Log($"could not digest output {output}: {e.Message}");
            }
        }
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

    private TimeSpan GraceFor(JobRow row) => row.CancelGraceMs is { } ms ? TimeSpan.FromMilliseconds(ms) : _defaultGrace;

    /// <summary>Stops every process of the job within one grace period (SIGTERM, then SIGKILL at its end).</summary>
    private Task<StopReport> StopProcessesAsync(JobContainment containment) =>
        containment.StopAsync(_time.GetUtcNow() + GraceFor(_store.Jobs.Get(_name)!), _time);

    /// <summary>When a timeout of <paramref name="seconds"/> from now runs out (the end of time for one too long to represent).</summary>
    private DateTimeOffset DeadlineAfter(double seconds)
    {
        var now = _time.GetUtcNow();
        return seconds < (DateTimeOffset.MaxValue - now).TotalSeconds ? now + TimeSpan.FromSeconds(seconds) : DateTimeOffset.MaxValue;
    }

    private async Task WatchForCancelAsync(CancellationToken cancellationToken)
    {
        for (var polls = 1; ; polls++)
        {
            if (_terminateSignal.Task.IsCompleted || _store.Jobs.Get(_name)?.CancelRequestedAt is not null) return;
            // Every two seconds, end the jobs whose supervisor died (one a job killed, say): a running supervisor is a reader too.
            if (polls % 20 == 0) SweepDeadSupervisors();
            await Task.WhenAny(Task.Delay(CheckInterval, _time, cancellationToken), _terminateSignal.Task).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Marks jobs whose supervisor died as failed, so a dead job never holds a slot.</summary>
    private void SweepDeadSupervisors()
    {
        foreach (var name in _store.Jobs.ActiveNames())
        {
            if (name != _name) JobLiveness.Check(_store, name, _time);
        }
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
