using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// The port every execution backend (local, Azure ML, the testing fakes) implements. The client adds argument
/// checks, naming and diagnostics once for all of them.
/// </summary>
internal abstract class JobBackend
{
    /// <summary>The backend's name in telemetry tags (<c>trainingjobs.backend</c>): <c>local</c> or <c>azureml</c>.</summary>
    public abstract string TelemetryName { get; }

    /// <summary>
    /// Whether a validation error does not apply to this backend (e.g. the local backend runs a command job
    /// without an environment with the machine's own tools). Other errors stop the submission.
    /// </summary>
    public virtual bool Tolerates(Validation.Diagnostic diagnostic) => false;

    /// <summary>
    /// This backend's own diagnostics for a definition (e.g. the local planner's <c>TJ4xxx</c>), found the way a
    /// submit finds them but without starting, writing or recording anything. The validator's diagnostics are the
    /// client's; a definition without a name is checked as if it had a valid one.
    /// </summary>
    public abstract Task<IReadOnlyList<Validation.Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken);

    /// <summary>Submits a definition whose name is already chosen.</summary>
    public abstract Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken);

    /// <summary>Whether a job of this name exists (used to keep generated names unique).</summary>
    public abstract Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Gets a job; throws <see cref="Azure.RequestFailedException"/> (404) when there is none.</summary>
    public abstract Task<Job> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists jobs, newest first.</summary>
    public abstract IAsyncEnumerable<Job> ListAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <see cref="StreamAsync"/> yields <see cref="JobLogBlockEvent"/>s itself when
    /// <see cref="StreamOptions.LogLinesInBlocks"/> asks for them; otherwise the client makes a block of each line.
    /// </summary>
    public virtual bool StreamsLogBlocks => false;

    /// <summary>Streams events until the job is terminal.</summary>
    public abstract IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions options, CancellationToken cancellationToken);

    /// <summary>Waits until the job is terminal and returns it.</summary>
    public abstract Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Requests cancellation; returns the job (terminal when <see cref="CancelOptions.WaitForCompletion"/>).</summary>
    public abstract Task<Job> CancelAsync(string name, CancelOptions options, CancellationToken cancellationToken);

    /// <summary>Downloads outputs.</summary>
    public abstract Task<DownloadResult> DownloadAsync(string name, DownloadOptions options, CancellationToken cancellationToken);

    /// <summary>Archives or restores a job.</summary>
    public abstract Task<Job> SetArchivedAsync(string name, bool archived, CancellationToken cancellationToken);

    /// <summary>Sets (value) or removes (null value) tags.</summary>
    public abstract Task<Job> UpdateTagsAsync(string name, IReadOnlyDictionary<string, string?> tags, CancellationToken cancellationToken);

    /// <summary>Gets the lineage record.</summary>
    /// <summary>Deletes a job; backends that cannot say so with a <see cref="NotSupportedException"/>.</summary>
    public virtual Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Deleting a job is not supported by the local workspace: archive it instead (ArchiveAsync), which hides it from lists.");

    public abstract Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The job's log files and the secrets to redact from copies of them; each file is opened only when it is read
    /// (a remote one streamed). A backend that cannot give them says why (<see cref="JobLogFiles.Unavailable"/>).
    /// </summary>
    public abstract Task<JobLogFiles> GetLogFilesAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Every recorded file (code, input or output of a job) with this SHA-256, oldest job first: the index behind
    /// <c>tj lineage find</c>. Only a backend that keeps per-file digests of every job can answer.
    /// </summary>
    public virtual Task<IReadOnlyList<Lineage.ContentMatch>> FindContentAsync(string sha256, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "Finding jobs by content digest needs the per-file digests the local workspace keeps; this workspace does not index them. Use the local workspace, or read a job's record (tj job lineage).");
}
