using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Pipelines;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Streaming;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Sweeps;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local;

/// <summary>
/// The embedded local backend: jobs run as process trees on this machine, each owned by a detached supervisor;
/// state lives in the workspace folder (SQLite in WAL mode plus one folder per job), so any process can follow,
/// cancel or download any job.
/// </summary>
/// <remarks>Partial only for the generated <see cref="LoggerMessageAttribute"/> methods.</remarks>
internal sealed partial class LocalJobBackend : JobBackend
{
    /// <inheritdoc/>
    public override string TelemetryName => "local";

    internal static readonly ActivitySource Activity = new(TrainingJobsTelemetry.ActivitySourceName);

    private readonly LocalWorkspaceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<JobStore> _store;
    private readonly LocalJobResults _results;

    public LocalJobBackend(LocalWorkspaceOptions options)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The local backend runs on Linux: it relies on /proc, process groups and setsid.");
        _options = options;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory.CreateLogger<LocalJobBackend>();
        Layout = new WorkspaceLayout(options.ResolveHome());
        _store = new Lazy<JobStore>(() =>
        {
            Layout.EnsureCreated();
            // Only a workspace that never had a job gets a new database.
            return JobStore.Open(Layout.Database, create: !Layout.HasJobFolders());
        });
        _results = new LocalJobResults(this, _time);
    }

    internal WorkspaceLayout Layout { get; }

    internal JobStore Store => _store.Value;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A rehearsal of <see cref="SubmitAsync"/>: the same checks and the same planner, with <see cref="PlanningFiles.Rehearsal"/>
    /// so that nothing is copied or created. The store is never opened: validating must not create a workspace.
    /// </summary>
    public override Task<IReadOnlyList<Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("Validate");
        if (Refusal(definition) is { } refusal) return Task.FromResult<IReadOnlyList<Diagnostic>>([refusal]);
        if (definition is PipelineJob pipeline)
        {
            var pipelineName = pipeline.Name ?? "validation";
            if (LocalPlanner.CheckJobName(pipelineName) is { } invalid) return Task.FromResult<IReadOnlyList<Diagnostic>>([invalid]);
            var prepared = PipelineSubmission.Prepare(pipeline, pipelineName, experimentId: "", options.BaseDirectory ?? Directory.GetCurrentDirectory(), Layout,
                EnvironmentTable.Load(Layout.EnvironmentTable));
            return Task.FromResult(Redacted(prepared.Diagnostics));
        }
        if (definition is SweepJob sweep)
        {
            var sweepName = sweep.Name ?? "validation";
            if (LocalPlanner.CheckJobName(sweepName) is { } invalid) return Task.FromResult<IReadOnlyList<Diagnostic>>([invalid]);
            var prepared = SweepSubmission.Prepare(sweep, sweepName, experimentId: "", options.BaseDirectory ?? Directory.GetCurrentDirectory(), Layout,
                EnvironmentTable.Load(Layout.EnvironmentTable));
            return Task.FromResult(Redacted(prepared.Diagnostics));
        }
        var command = (CommandJob)definition;
        // Names first: an invalid one must not become part of a path, even a rehearsed one.
        if (LocalPlanner.CheckNames(command) is { Count: > 0 } invalidNames) return Task.FromResult(Redacted(invalidNames));
        // A job without a name gets a valid generated one on submit; planning only puts the name into paths and variables.
        var name = command.Name ?? "validation";
        var result = LocalPlanner.Plan(command with { Name = name }, experimentId: "", Layout.JobFolder(name), PlanningFiles.Rehearsal(Layout.Home),
            options.BaseDirectory ?? Directory.GetCurrentDirectory(), EnvironmentTable.Load(Layout.EnvironmentTable));
        return Task.FromResult(Redacted(result.Diagnostics));
    }

    public override async Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("Submit");
        if (Refusal(definition) is { } refusal) throw new JobValidationException([refusal]);
        if (definition is PipelineJob pipeline) return await SubmitPipelineAsync(pipeline, options).ConfigureAwait(false);
        if (definition is SweepJob sweep) return await SubmitSweepAsync(sweep, options).ConfigureAwait(false);
        var command = (CommandJob)definition;
        var name = command.Name!;
        activity?.SetTag("job.name", name);
        // Names are checked before the name is used as a folder or a database key.
        if (LocalPlanner.CheckNames(command) is { Count: > 0 } invalidNames) throw new JobValidationException(invalidNames);
        if (IsTaken(name)) throw Conflict(name);

        var experiment = Store.Experiments.Ensure(command.ExperimentName ?? "Default", Now);
        var staging = Path.Combine(Layout.Home, "jobs", ".staging-" + Guid.NewGuid().ToString("N"));
        LocalPlanner.Result result;
        try
        {
            WorkspaceLayout.CreateOwnerOnlyFolder(staging);
            result = LocalPlanner.Plan(command, experiment.Id, Layout.JobFolder(name), PlanningFiles.Staging(staging, Layout.Home),
                options.BaseDirectory ?? Directory.GetCurrentDirectory(), EnvironmentTable.Load(Layout.EnvironmentTable));
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        var diagnostics = Redacted(result.Diagnostics);
        if (result.Plan is null)
        {
            TryDelete(staging);
            throw new JobValidationException(diagnostics);
        }
        foreach (var warning in diagnostics.Where(d => !d.IsError)) LogWarning(_logger, name, warning.ToString());
        // The plan's warnings reach the user through the job's record: redacted like the rest.
        var planned = (await result.WithGitAsync().ConfigureAwait(false))! with { Warnings = diagnostics.Where(d => !d.IsError).Select(d => $"{d.Code}: {d.Message}").ToList() };

        // Stored and shown with its secrets redacted; the plan (never shown) keeps the real values the job receives.
        var stored = RedactedDefinition.Of(command);
        var tags = JsonSerializer.Serialize(stored.Tags.ToDictionary(), LocalJsonContext.Default.DictionaryStringString);
        var plan = JsonSerializer.Serialize(planned, LocalJsonContext.Default.LocalJobPlan);
        if (!Store.Jobs.TryInsert(name, planned.ExperimentName, tags, Yaml.YamlJobWriter.Write(stored), plan, null, Now))
        {
            TryDelete(staging);
            throw Conflict(name);
        }
        Directory.Move(staging, Layout.JobFolder(name));
        Store.Files.RecordPlanned(name, result.Files);
        return await LaunchAsync(name).ConfigureAwait(false);
    }

    /// <summary>
    /// Submits a pipeline: its steps composed and rehearsed (every problem refused at once), the pipeline and one
    /// child job per step recorded (so its steps list at once), then its supervisor started, which drives the steps.
    /// </summary>
    private async Task<Job> SubmitPipelineAsync(PipelineJob pipeline, SubmitOptions options)
    {
        var name = pipeline.Name!;
        if (LocalPlanner.CheckJobName(name) is { } invalid) throw new JobValidationException([invalid]);
        if (IsTaken(name)) throw Conflict(name);
        var experiment = Store.Experiments.Ensure(pipeline.ExperimentName ?? "Default", Now);
        var prepared = PipelineSubmission.Prepare(pipeline, name, experiment.Id, options.BaseDirectory ?? Directory.GetCurrentDirectory(), Layout,
            EnvironmentTable.Load(Layout.EnvironmentTable));
        var diagnostics = Redacted(prepared.Diagnostics);
        if (prepared.Plan is not { } plan) throw new JobValidationException(diagnostics);
        foreach (var step in plan.Steps)
        {
            if (IsTaken(step.Child)) throw Conflict(step.Child);
        }

        var stored = PipelineSubmission.Stored(pipeline);
        var tags = JsonSerializer.Serialize(stored.Tags.ToDictionary(), LocalJsonContext.Default.DictionaryStringString);
        var experimentName = pipeline.ExperimentName ?? "Default";
        var rows = new List<JobTable.NewJob>(plan.Steps.Count + 1)
        {
            new(name, experimentName, tags, Yaml.YamlJobWriter.Write(stored), JsonSerializer.Serialize(plan, LocalJsonContext.Default.PipelinePlan), null, StoredJobKinds.Pipeline),
        };
        foreach (var step in plan.Steps)
        {
            var child = RedactedDefinition.Of(prepared.Children[step.Step]);
            var childTags = JsonSerializer.Serialize(child.Tags.ToDictionary(), LocalJsonContext.Default.DictionaryStringString);
            rows.Add(new(step.Child, experimentName, childTags, Yaml.YamlJobWriter.Write(child), "{}", name, StoredJobKinds.Command));
        }
        // The pipeline and its steps in one transaction: all recorded, or (a name taken meanwhile) none.
        if (Store.Jobs.TryInsertAll(rows, Now) is { } taken) throw Conflict(taken);
        CreateParentFolder(name);
        return await LaunchAsync(name).ConfigureAwait(false);
    }

    /// <summary>Submits a sweep: its trial rehearsed, its seed fixed, then its supervisor started, which draws and runs the trials.</summary>
    private async Task<Job> SubmitSweepAsync(SweepJob sweep, SubmitOptions options)
    {
        var name = sweep.Name!;
        if (LocalPlanner.CheckJobName(name) is { } invalid) throw new JobValidationException([invalid]);
        if (IsTaken(name)) throw Conflict(name);
        var experiment = Store.Experiments.Ensure(sweep.ExperimentName ?? "Default", Now);
        var prepared = SweepSubmission.Prepare(sweep, name, experiment.Id, options.BaseDirectory ?? Directory.GetCurrentDirectory(), Layout,
            EnvironmentTable.Load(Layout.EnvironmentTable));
        if (prepared.Plan is not { } plan) throw new JobValidationException(Redacted(prepared.Diagnostics));
        var stored = sweep with { Trial = RedactedDefinition.Of(sweep.Trial) };
        var tags = JsonSerializer.Serialize(stored.Tags.ToDictionary(), LocalJsonContext.Default.DictionaryStringString);
        if (!Store.Jobs.TryInsert(name, sweep.ExperimentName ?? "Default", tags, Yaml.YamlJobWriter.Write(stored),
                JsonSerializer.Serialize(plan, LocalJsonContext.Default.LocalSweepPlan), null, Now, StoredJobKinds.Sweep))
        {
            throw Conflict(name);
        }
        CreateParentFolder(name);
        return await LaunchAsync(name).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a job name is taken: by a job, a job folder, or another job's MLflow run id (32 hex digits, made by
    /// runs/create: a job's own run is pre-created under its name, and that run would belong to the other job).
    /// </summary>
    private bool IsTaken(string name) => Store.Jobs.Get(name) is not null || Directory.Exists(Layout.JobFolder(name)) || Store.Runs.Get(name) is not null;

    /// <summary>A parent's own folder: it holds its supervisor's log; its children's folders are made when each starts.</summary>
    private void CreateParentFolder(string name)
    {
        var staging = Path.Combine(Layout.Home, "jobs", ".staging-" + Guid.NewGuid().ToString("N"));
        WorkspaceLayout.CreateOwnerOnlyFolder(staging);
        Directory.CreateDirectory(Path.Combine(staging, "artifacts", "system_logs"));
        Directory.Move(staging, Layout.JobFolder(name));
    }

    /// <summary>Queues a recorded job and starts its supervisor; a supervisor that cannot start fails the job.</summary>
    private async Task<Job> LaunchAsync(string name)
    {
        Store.Jobs.TryTransition(name, JobStatus.Queued, Now);

        int pid;
        try
        {
            var supervisor = SupervisorLauncher.Locate(_options.SupervisorPath);
            pid = await SupervisorLauncher.LaunchAsync(supervisor, Layout.Home, name, Math.Max(1, _options.MaxConcurrentJobs), _options.CancelGracePeriod,
                Path.Combine(Layout.SystemLogsFolder(name), "supervisor.txt"), CancellationToken.None, _options.Containment).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            // Recorded, so the job does not wait in Queued for a supervisor that will never come.
            Store.Jobs.TryTransition(name, JobStatus.Failed, Now, errorCode: JobErrorCode.SystemError, errorMessage: "The job's supervisor could not start: " + e.Message);
            throw new RequestFailedException(500, $"Job '{name}' could not start: {e.Message}", JobErrorCode.SystemError.ToString(), e);
        }
        Store.Jobs.SetSupervisor(name, pid, ProcessInfo.StartTime(pid) ?? 0);
        LogSubmitted(_logger, name, pid);
        return ToJob(Store.Jobs.Get(name)!);
    }

    /// <summary>Why the local backend refuses a definition before planning it (its kind), or null.</summary>
    private static Diagnostic? Refusal(JobDefinition definition)
    {
        if (definition is not (CommandJob or PipelineJob or SweepJob))
        {
            return new Diagnostic(LocalDiagnosticCodes.UnsupportedKind, DiagnosticSeverity.Error,
                $"The local backend runs command, pipeline and sweep jobs; {definition.Kind} jobs are not supported locally.", "type");
        }
        return null;
    }

    /// <summary>Messages quote what was written (a path, a URL): a secret in it is not repeated to the user or the log.</summary>
    private static IReadOnlyList<Diagnostic> Redacted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => d with { Message = SecretScanner.Redact(d.Message) }).ToList();

    /// <summary>A command job without an environment runs with this machine's tools (the plan records it).</summary>
    public override bool Tolerates(Diagnostic diagnostic) =>
        diagnostic.Code == "TJ0001" && (diagnostic.Path == "environment" || diagnostic.Path.EndsWith(".environment", StringComparison.Ordinal));

    public override Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Store.Jobs.Get(name) is not null || Directory.Exists(Layout.JobFolder(name)));

    public override Task<Job> GetAsync(string name, CancellationToken cancellationToken) => Task.FromResult(ToJob(Read(name)));

    public override async IAsyncEnumerable<Job> ListAsync(JobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var returned = 0;
        foreach (var listed in Store.Jobs.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.MaxResults is { } max && returned >= max) yield break;
            var row = JobStatus.Parse(listed.Status).IsTerminal ? listed : JobLiveness.Check(Store, listed.Name, _time) ?? listed;
            if (query.ExperimentName is { } experiment && row.Experiment != experiment) continue;
            if (query.Status is { } status && JobStatus.Parse(row.Status) != status) continue;
            if (query.ParentJobName is { } parent && row.ParentJob != parent) continue;
            if (query.Archived == ArchiveFilter.ActiveOnly && row.Archived) continue;
            if (query.Archived == ArchiveFilter.ArchivedOnly && !row.Archived) continue;
            var tags = ReadTags(row);
            if (query.Tags.Any(t => !tags.TryGetValue(t.Key, out var v) || (t.Value is not null && v != t.Value))) continue;
            returned++;
            yield return ToJob(row);
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    public override bool StreamsLogBlocks => true;

    public override IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions options, CancellationToken cancellationToken)
    {
        var row = Read(name);
        return row.Kind != StoredJobKinds.Command
            ? ParentEventReader.ReadAsync(Store, Layout, name, options, _time, cancellationToken)
            : JobEventReader.ReadAsync(Store, Layout, name, options, _time, cancellationToken);
    }

    public override async Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = Read(name);
            if (JobStatus.Parse(row.Status).IsTerminal) return ToJob(row);
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task<Job> CancelAsync(string name, CancelOptions options, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("Cancel");
        activity?.SetTag("job.name", name);
        var row = Read(name);
        if (JobStatus.Parse(row.Status).IsTerminal) return ToJob(row);
        // The supervisor watches this flag; if it is gone, the liveness check ends the job as Canceled.
        Store.Jobs.RequestCancel(name, (long)(options.GracePeriod ?? _options.CancelGracePeriod).TotalMilliseconds, Now);
        return options.WaitForCompletion ? await WaitForCompletionAsync(name, cancellationToken).ConfigureAwait(false) : ToJob(Read(name));
    }

    public override Task<Job> SetArchivedAsync(string name, bool archived, CancellationToken cancellationToken)
    {
        Read(name);
        Store.Jobs.SetArchived(name, archived);
        return GetAsync(name, cancellationToken);
    }

    public override Task<Job> UpdateTagsAsync(string name, IReadOnlyDictionary<string, string?> tags, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, string>(ReadTags(Read(name)), StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (value is null) current.Remove(key);
            else current[key] = value;
        }
        Store.Jobs.SetTags(name, JsonSerializer.Serialize(current, LocalJsonContext.Default.DictionaryStringString));
        return GetAsync(name, cancellationToken);
    }

    public override Task<DownloadResult> DownloadAsync(string name, DownloadOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(_results.Download(name, options, cancellationToken));

    public override Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_results.GetRecord(name));

    /// <summary>A job's warnings alone, as <see cref="GetRecordAsync"/> lists them.</summary>
    internal IReadOnlyList<string> GetWarnings(string name) => _results.GetWarnings(name);

    public override Task<JobLogFiles> GetLogFilesAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_results.GetLogFiles(name));

    public override Task<IReadOnlyList<Lineage.ContentMatch>> FindContentAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Lineage.ContentMatch>>(
            [.. Store.Files.WithDigest(sha256).Select(f => new Lineage.ContentMatch(f.Job, f.Role, f.Port, f.Path))]);

    /// <summary>Reads a job after checking its supervisor is alive; throws 404 when there is none.</summary>
    internal JobRow Read(string name) => JobLiveness.Check(Store, name, _time) ?? throw NotFound(name);

    internal static RequestFailedException NotFound(string name) =>
        new(404, $"There is no job named '{name}' in the local workspace.", JobErrorCode.UserError.ToString(), null);

    private static RequestFailedException Conflict(string name) =>
        new(409, $"A job named '{name}' exists already in the local workspace; job names are unique.", JobErrorCode.UserError.ToString(), null);

    internal static Dictionary<string, string> ReadTags(JobRow row) =>
        JsonSerializer.Deserialize(row.TagsJson, LocalJsonContext.Default.DictionaryStringString) ?? [];

    internal Job ToJob(JobRow row)
    {
        // The definition is kept as canonical az ml YAML: the face that round-trips every field.
        var loaded = Yaml.YamlJobLoader.LoadText(row.DefinitionYaml, new Yaml.YamlLoadOptions { Validate = false, WrittenBySdk = true });
        var definition = (loaded.Definition ?? throw new InvalidDataException($"The stored definition of job '{row.Name}' no longer loads: {string.Join("; ", loaded.Diagnostics)}"))
            with { Name = row.Name };
        return new Job(row.Name, definition, JobStatus.Parse(row.Status))
        {
            ExperimentName = row.Experiment,
            Tags = ReadTags(row),
            CreatedOn = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            StartedOn = row.StartedAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            EndedOn = row.EndedAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            ExitCode = row.ExitCode,
            Error = row.ErrorCode is null ? null : new JobError(row.ErrorCode, row.ErrorMessage ?? ""),
            IsArchived = row.Archived,
            ParentJobName = row.ParentJob,
            ReusedJobName = row.ReusedFrom,
            TrackingUri = row.TrackingUri is null ? null : new Uri(row.TrackingUri),
            StatusHistory = Store.Jobs.GetStatusHistory(row.Name).Select(h => new JobStatusChange(JobStatus.Parse(h.Status), DateTimeOffset.FromUnixTimeMilliseconds(h.At))).ToList(),
        };
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover staging folder is harmless.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Name}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string name, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Name} submitted; supervisor pid {Pid}")]
    private static partial void LogSubmitted(ILogger logger, string name, int pid);
}
