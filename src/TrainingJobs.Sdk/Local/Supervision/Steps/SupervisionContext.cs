using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// What the supervision steps share: the job, its workspace and database, the clock, the supervisor log, and what
/// the supervisor must still reach if it fails (the job's secrets to redact, its containment to kill).
/// </summary>
internal sealed class SupervisionContext(JobStore store, WorkspaceLayout layout, string name, TimeSpan defaultGrace, TimeProvider time)
{
    /// <summary>How often the supervisor looks for a free slot, a cancel request or a signal.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly TaskCompletionSource _terminateSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The workspace database.</summary>
    public JobStore Store { get; } = store;

    /// <summary>Where the workspace's files are.</summary>
    public WorkspaceLayout Layout { get; } = layout;

    /// <summary>The job's name.</summary>
    public string Name { get; } = name;

    /// <summary>The grace period of a cancel that names none (a pipeline's steps get the pipeline's).</summary>
    public TimeSpan DefaultGrace { get; } = defaultGrace;

    /// <summary>
    /// Whether this process supervises other jobs beside this one (a pipeline's steps): then its descendants are not
    /// all this job's, and stopping the job must not stop them.
    /// </summary>
    public bool SharesProcess { get; init; }

    /// <summary>
    /// The disk reserve a parent's supervisor holds for the children it supervises in its process (a pipeline's steps,
    /// a sweep's trials): one reserve written per parent instead of one per child. Null for a job that takes its own.
    /// </summary>
    public DiskReserve? SharedReserve { get; init; }

    /// <summary>
    /// The MLflow server a parent's supervisor shares among the children it supervises in its process, each served at
    /// its own path with its own token (<see cref="Mlflow.MlflowServer.Add"/>). Null for a job that starts its own.
    /// </summary>
    public Mlflow.MlflowServer? SharedTracking { get; init; }

    /// <summary>The git states of code folders this process has read (shared by a parent's children), so each folder's is read once.</summary>
    public Lineage.GitInspector.Remembered GitStates { get; init; } = new();

    /// <summary>The clock every wait uses.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The job's secrets, redacted from every log line and recorded message once the job's environment exists.</summary>
    public SecretValues Secrets { get; set; } = SecretValues.None;

    /// <summary>The job's containment once created: a failing supervisor kills it (it is held here, not read back from the database).</summary>
    public JobContainment? Containment { get; set; }

    /// <summary>Completes when the supervisor receives SIGTERM, which means "cancel the job".</summary>
    public Task TerminateSignal => _terminateSignal.Task;

    /// <summary>Now, in Unix milliseconds, as the database records times.</summary>
    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Signals <see cref="TerminateSignal"/>.</summary>
    public void Terminate() => _terminateSignal.TrySetResult();

    /// <summary>Writes to the supervisor log, with the job's secrets redacted; on a full disk the line is lost, not the job.</summary>
    public void Log(string message)
    {
        try
        {
            Console.Error.WriteLine($"{Time.GetUtcNow():O} {Secrets.Redact(message)}");
        }
        catch (IOException)
        {
            // The disk holding the log is full: the job's end is still recorded (see DiskReserve).
        }
    }

    /// <summary>A store call made while cleaning up after a failure: when the database is gone or full, logs why and returns default.</summary>
    public T? TryStore<T>(Func<T> call)
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

    /// <summary>
    /// Records the ranks' groups. A job can fill the disk within a millisecond of its start: the supervisor, which holds the
    /// groups itself, then still stops them; only readers whose supervisor died could not (the job runs on, not failed).
    /// </summary>
    public void RecordGroups(string groups)
    {
        try
        {
            Store.Jobs.SetProcessGroups(Name, groups);
        }
        catch (WorkspaceDiskFullException e)
        {
            Log($"could not record the job's process groups: {e.Message}");
        }
    }

    /// <summary>Stops every process of the job within one grace period (SIGTERM, then SIGKILL at its end).</summary>
    public Task<StopReport> StopProcessesAsync(JobContainment containment) =>
        containment.StopAsync(Time.GetUtcNow() + GraceFor(Store.Jobs.Get(Name)!), Time);

    private TimeSpan GraceFor(JobRow row) => row.CancelGraceMs is { } ms ? TimeSpan.FromMilliseconds(ms) : DefaultGrace;

    /// <summary>This process and its kernel start time, as a job's row records its supervisor.</summary>
    private static readonly (int Pid, long Start) Self = (Environment.ProcessId, ProcessInfo.StartTime(Environment.ProcessId) ?? 0);

    /// <summary>
    /// Marks jobs whose supervisor died as failed, so a dead job never holds a slot. The jobs this process supervises
    /// (a pipeline's steps, a sweep's trials) are skipped: their supervisor is running this.
    /// </summary>
    public void SweepDeadSupervisors()
    {
        foreach (var job in Store.Jobs.ActiveNamesSupervisedElsewhere(Self.Pid, Self.Start))
        {
            if (job != Name) JobLiveness.Check(Store, job, Time);
        }
    }
}
