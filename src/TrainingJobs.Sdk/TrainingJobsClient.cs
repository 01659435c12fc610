using System.Diagnostics;
using System.Runtime.CompilerServices;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Lineage.Graph;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Telemetry;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk;

/// <summary>
/// Submits and follows training jobs; operations are named after <c>az ml job</c>. Thread-safe: create one and
/// keep it. Async-only by design: every operation waits on processes, files or the network.
/// </summary>
/// <example>
/// <code>
/// var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace());
/// var job = await client.SubmitAsync(definition);
/// await foreach (var e in client.StreamAsync(job.Name)) Console.WriteLine(e);
/// </code>
/// </example>
public class TrainingJobsClient
{
    // Null only on a client made with the mocking constructor; every method reaches it through Backend().
    private readonly JobBackend? _backend;

    /// <summary>
    /// For mocking only: a client made this way has no backend, and every method that a subclass does not
    /// override throws <see cref="InvalidOperationException"/>.
    /// </summary>
    protected TrainingJobsClient()
    {
    }

    /// <summary>Creates a client for a workspace.</summary>
    /// <param name="workspace">Where jobs run, e.g. <see cref="LocalTrainingJobsWorkspace"/>.</param>
    public TrainingJobsClient(TrainingJobsWorkspace workspace)
        : this(workspace, null)
    {
    }

    /// <summary>Creates a client for a workspace, with options.</summary>
    /// <param name="workspace">Where jobs run, e.g. <see cref="LocalTrainingJobsWorkspace"/>.</param>
    /// <param name="options">Service version, retry and diagnostics settings; null for the defaults.</param>
    public TrainingJobsClient(TrainingJobsWorkspace workspace, TrainingJobsClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        _backend = workspace.CreateBackend(options ?? new TrainingJobsClientOptions());
        Workspace = workspace;
    }

    /// <summary>
    /// Creates a client for the embedded local workspace (<c>$TRAININGJOBS_HOME</c> or <c>~/.trainingjobs</c>
    /// unless set); shorthand for <c>new TrainingJobsClient(new LocalTrainingJobsWorkspace(options))</c>.
    /// </summary>
    /// <param name="options">The workspace settings.</param>
    public TrainingJobsClient(LocalWorkspaceOptions options)
        : this(new LocalTrainingJobsWorkspace(options))
    {
    }

    internal TrainingJobsClient(JobBackend backend) => _backend = backend ?? throw new ArgumentNullException(nameof(backend));

    /// <summary>The workspace description this client was created from; null for a client made from a backend or for mocking.</summary>
    internal TrainingJobsWorkspace? Workspace { get; }

    /// <summary>Whether this client runs jobs on this machine (the local backend): only it keeps planning records.</summary>
    internal bool IsLocal => _backend is Local.LocalJobBackend;

    // The one way to the backend, so that a mocking-constructor client that misses an override says so instead of
    // failing with a NullReferenceException somewhere inside.
    private JobBackend Backend([CallerMemberName] string operation = "") =>
        _backend ?? throw new InvalidOperationException(
            $"This {GetType().Name} was created with the mocking constructor of {nameof(TrainingJobsClient)}; override {operation} to use it.");

    /// <summary>
    /// Checks a job the way <see cref="SubmitAsync"/> does, without submitting it: the validator's diagnostics plus
    /// this client's backend's own (the local backend plans the job — code folder, inputs, environment mapping — and
    /// reports <c>TJ4xxx</c> diagnostics), less the errors the backend does not need (the local backend runs a command
    /// job without an environment with the machine's tools). Nothing is started, copied or recorded, and the
    /// workspace is not created. An error in the list stops <see cref="SubmitAsync"/> with the same diagnostics.
    /// </summary>
    /// <param name="definition">The job.</param>
    /// <param name="options">Submission options (base folder for relative paths), as the submit would get them.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Every diagnostic, errors and warnings; messages never contain secret values.</returns>
    public virtual Task<IReadOnlyList<Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return CheckAsync(Backend(), definition, options ?? new SubmitOptions(), cancellationToken);
    }

    /// <summary>Validates and submits a job (<c>az ml job create</c>). A job without a name gets a generated, unique one.</summary>
    /// <param name="definition">The job.</param>
    /// <param name="options">Submission options (base folder for relative paths).</param>
    /// <param name="cancellationToken">Cancels the submission (not the job).</param>
    /// <returns>The submitted job; it keeps running after this process exits.</returns>
    /// <exception cref="JobValidationException">The definition has errors, or cannot run on this backend: <see cref="ValidateAsync"/> returns an error (the exception carries all it returns).</exception>
    /// <exception cref="RequestFailedException">A job with the given name exists already (409).</exception>
    public virtual async Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var backend = Backend();
        options ??= new SubmitOptions();
        var started = Stopwatch.GetTimestamp();
        var submitted = false;
        try
        {
            // Refused with every diagnostic found, warnings kept for context, as the planner has always refused.
            var diagnostics = await CheckAsync(backend, definition, options, cancellationToken).ConfigureAwait(false);
            if (diagnostics.Any(d => d.IsError)) throw new JobValidationException(diagnostics);
            if (definition.Name is null)
            {
                string name;
                do
                {
                    name = JobNameGenerator.Next();
                }
                while (await backend.ExistsAsync(name, cancellationToken).ConfigureAwait(false));
                definition = definition with { Name = name };
            }
            var job = await backend.SubmitAsync(definition, options, cancellationToken).ConfigureAwait(false);
            submitted = true;
            return job;
        }
        finally
        {
            ClientMetrics.RecordSubmit(backend.TelemetryName, definition.Kind, started, submitted);
        }
    }

    /// <summary>The one check before a submit, for <see cref="ValidateAsync"/> and <see cref="SubmitAsync"/> alike.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> CheckAsync(JobBackend backend, JobDefinition definition, SubmitOptions options,
        CancellationToken cancellationToken)
    {
        // The backend plans even a definition the validator refuses, so one check shows every problem at once.
        var own = await backend.ValidateAsync(definition, options, cancellationToken).ConfigureAwait(false);
        return [.. definition.Validate().Where(d => !(d.IsError && backend.Tolerates(d))), .. own];
    }

    /// <summary>Gets a job (<c>az ml job show</c>).</summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="RequestFailedException">There is no such job (404).</exception>
    public virtual Task<Job> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().GetAsync(name, cancellationToken);
    }

    /// <summary>Lists jobs, newest first (<c>az ml job list</c>).</summary>
    /// <param name="query">Filters; default: active jobs of every experiment.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public virtual AsyncPageable<Job> GetJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default) =>
        new ItemAsyncPageable<Job>(Backend().ListAsync(query ?? new JobQuery(), cancellationToken));

    /// <summary>
    /// Yields the job's status changes, log lines and metric points until it is terminal (<c>az ml job stream</c>),
    /// for running and finished jobs alike. The last event is the terminal status.
    /// </summary>
    /// <param name="name">The job name.</param>
    /// <param name="options">Where to start and what to include.</param>
    /// <param name="cancellationToken">Stops streaming (the job goes on).</param>
    /// <exception cref="RequestFailedException">There is no such job (404).</exception>
    public virtual IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new StreamOptions();
        var backend = Backend();
        var events = backend.StreamAsync(name, options, cancellationToken);
        return options.LogLinesInBlocks && !backend.StreamsLogBlocks ? JobLogBlocks.FromLines(events) : events;
    }

    /// <summary>Waits until the job is terminal and returns it; does not throw when it failed (check <see cref="Job.Status"/>).</summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    public virtual Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WaitAndCountAsync(Backend(), name, cancellationToken);
    }

    private static async Task<Job> WaitAndCountAsync(JobBackend backend, string name, CancellationToken cancellationToken)
    {
        var job = await backend.WaitForCompletionAsync(name, cancellationToken).ConfigureAwait(false);
        ClientMetrics.RecordEnd(backend.TelemetryName, job.Kind, job.Status);
        return job;
    }

    /// <summary>Cancels a job (<c>az ml job cancel</c>): a graceful signal to all its processes, then a kill after the grace period.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="options">Whether to wait, and the grace period.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The job; <see cref="JobStatus.Canceled"/> when waited for (or another terminal status if it ended first).</returns>
    public virtual Task<Job> CancelAsync(string name, CancelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().CancelAsync(name, options ?? new CancelOptions(), cancellationToken);
    }

    /// <summary>
    /// Downloads a terminal job's outputs in the <c>az ml job download</c> layout: <c>artifacts/</c> for logs and
    /// <c>./outputs</c>, <c>named-outputs/&lt;name&gt;/</c> for named outputs.
    /// </summary>
    /// <param name="name">The job name.</param>
    /// <param name="options">What and where.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="RequestFailedException">The job is not terminal (409) or the output name is unknown (400).</exception>
    public virtual Task<DownloadResult> DownloadAsync(string name, DownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().DownloadAsync(name, options ?? new DownloadOptions(), cancellationToken);
    }

    /// <summary>
    /// Deletes a job (<c>DELETE …/jobs/{name}</c> on Azure ML, waiting for the operation to finish). The local
    /// workspace does not delete jobs: there it throws <see cref="NotSupportedException"/> (archive instead).
    /// </summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="RequestFailedException">The job does not exist (404), or the service refused.</exception>
    /// <exception cref="NotSupportedException">The workspace is the local one.</exception>
    public virtual Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().DeleteAsync(name, cancellationToken);
    }

    /// <summary>Archives a job: it is hidden from lists unless archived jobs are asked for.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Job> ArchiveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().SetArchivedAsync(name, archived: true, cancellationToken);
    }

    /// <summary>Restores an archived job.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Job> RestoreAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().SetArchivedAsync(name, archived: false, cancellationToken);
    }

    /// <summary>Sets tags on a job (<c>az ml job update --set tags.k=v</c>); a null value removes the tag.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="tags">The tags to set or remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Job> UpdateTagsAsync(string name, IReadOnlyDictionary<string, string?> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tags);
        return Backend().UpdateTagsAsync(name, tags, cancellationToken);
    }

    /// <summary>Gets the lineage record of a job: what was asked, resolved, and what came out.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().GetRecordAsync(name, cancellationToken);
    }

    /// <summary>
    /// A local job's warnings, as <see cref="GetRecordAsync"/> lists them, without reading the rest of its record: what
    /// <c>tj job create</c> prints after a submit. Null when this client does not run jobs locally.
    /// </summary>
    internal IReadOnlyList<string>? GetLocalWarnings(string name) => _backend is Local.LocalJobBackend local ? local.GetWarnings(name) : null;

    /// <summary>The job's log files and the secrets to redact from copies of them (for evidence bundles).</summary>
    internal Task<JobLogFiles> GetLogFilesAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Backend().GetLogFilesAsync(name, cancellationToken);
    }

    /// <summary>
    /// The lineage graph around a job: the job; its pipeline or sweep (parent and every sibling) and its own children;
    /// and, walking up, every job whose output one of these read (matched by path and content digest). Jobs, content,
    /// code, environments and submitters are its nodes; PROV-style relations its edges.
    /// </summary>
    /// <param name="name">The job name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>Walking up across unrelated jobs needs the local workspace's digest index; elsewhere the graph holds the job's own family.</remarks>
    public virtual Task<LineageGraph> GetLineageAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // Built from GetRecordAsync, GetJobsAsync and FindContentAsync; a mocking client overrides this method itself.
        _ = Backend();
        return LineageGraphBuilder.BuildAsync(this, name, cancellationToken);
    }

    /// <summary>Every recorded file (code, input or output of a job) with this SHA-256, oldest job first.</summary>
    /// <param name="sha256">The SHA-256 of a file, 64 hex digits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 hex digits.</exception>
    /// <exception cref="NotSupportedException">The workspace keeps no per-file digest index (Azure ML records references, not content).</exception>
    public virtual Task<IReadOnlyList<ContentMatch>> FindContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        return Backend().FindContentAsync(Sha256Argument(sha256), cancellationToken);
    }

    /// <summary>
    /// Which job produced this content, and from what: the jobs whose output held a file with the SHA-256, what each
    /// consumed, and up the chain every job that produced one of those inputs, down to data no recorded job produced.
    /// What <c>tj lineage find</c> prints.
    /// </summary>
    /// <param name="sha256">The SHA-256 of a file, 64 hex digits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer; its <see cref="ContentLineage.Chain"/> is empty when no job produced the content.</returns>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 64 hex digits.</exception>
    /// <exception cref="NotSupportedException">The workspace keeps no per-file digest index (Azure ML records references, not content).</exception>
    public virtual Task<ContentLineage> TraceContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var digest = Sha256Argument(sha256);
        _ = Backend();
        return LineageFinder.FindAsync(this, digest, cancellationToken);
    }

    private static string Sha256Argument(string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"A SHA-256 is 64 hex digits; '{sha256}' is not.", nameof(sha256));
        }
        return sha256.ToLowerInvariant();
    }
}
