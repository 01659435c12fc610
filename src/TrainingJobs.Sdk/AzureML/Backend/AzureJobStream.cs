using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Streaming;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Follows an Azure ML job: its status from the job resource (ARM GET), its log files from run history
/// (<c>{api}/history/v1.0/…/runs/{name}/details</c>, whose <c>logFiles</c> map names to SAS URLs; the <c>api</c> host from
/// the workspace's discovery document), each file read incrementally with HTTP range requests from the byte after the
/// last one received, so no byte is fetched twice (azure-ai-ml downloads every file whole at every poll). Lines are split
/// and files named by the local backend's rules (<see cref="LogLineSplitter"/>, <see cref="LogFileNames"/>), so events
/// carry the same file, rank and offsets and a position from one stream resumes another. A pipeline is followed
/// through its child runs (run history's <c>runs/{name}/children</c>), each step's events tagged with its name and
/// its files keyed <c>&lt;step&gt;/&lt;file&gt;</c> in the position. A line's text has the secrets of its run's definition
/// redacted (<see cref="SecretsOf"/>); offsets stay those of the stored file.
/// </summary>
internal sealed partial class AzureJobStream
{
    /// <summary>The shortest wait between two polls (azure-ai-ml's minimum).</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private const string UserLogs = "user_logs/";

    private readonly HttpPipeline _blobs;
    private readonly TimeProvider _time;
    private readonly WorkspaceProperties _workspace;
    private readonly RunHistory _history;
    private readonly Tracking.WorkspaceMetricsReader _metrics;
    private readonly Func<DatastoreContainers> _datastores;

    /// <param name="arm">The ARM operations (the MLflow endpoint is called through the same pipeline and token, as azureml-mlflow does).</param>
    /// <param name="blobs">A pipeline without bearer authentication, for the SAS URLs (a bearer token there would be refused).</param>
    /// <param name="time">The workspace's clock, which the polls wait on.</param>
    /// <param name="workspace">The workspace's properties, read once per client: the MLflow tracking URI (metrics).</param>
    /// <param name="history">Run history, on the host the same properties lead to (log files, a pipeline's children).</param>
    /// <param name="datastores">Makes the datastore clients a stream lists logs with when run history lists none (one set per stream).</param>
    public AzureJobStream(ArmJobOperations arm, HttpPipeline blobs, TimeProvider time, WorkspaceProperties workspace, RunHistory history,
        Func<DatastoreContainers> datastores)
    {
        _datastores = datastores;
        _blobs = blobs;
        _time = time;
        _workspace = workspace;
        _history = history;
        _metrics = new Tracking.WorkspaceMetricsReader(arm, _workspace);
    }

    /// <summary>The sequence number of a status in a stream position: its place in the job lifecycle, so a resumed stream
    /// does not repeat a status it has seen, although Azure ML keeps no numbered status history.</summary>
    internal static long StatusSequence(JobStatus status)
    {
        if (status.IsTerminal) return 9;
        if (status == JobStatus.NotStarted) return 1;
        if (status == JobStatus.Starting) return 2;
        if (status == JobStatus.Provisioning) return 3;
        if (status == JobStatus.Preparing) return 4;
        if (status == JobStatus.Queued) return 5;
        if (status == JobStatus.Running) return 6;
        if (status == JobStatus.Finalizing) return 7;
        if (status == JobStatus.CancelRequested) return 8;
        return 0;
    }

    private const long RunningSequence = 6;

    /// <summary>
    /// The wait before the next poll: <see cref="MinInterval"/> while the job writes, then growing with the time since the
    /// last new byte along azure-ai-ml's schedule (<see cref="AzureMLJobBackend.PollInterval"/>, capped at 60 s).
    /// </summary>
    internal static TimeSpan NextInterval(TimeSpan sinceLastNews) => sinceLastNews <= TimeSpan.Zero ? MinInterval : AzureMLJobBackend.PollInterval(sinceLastNews);

    public async IAsyncEnumerable<JobEvent> ReadAsync(string name, StreamOptions options, Func<string, CancellationToken, Task<Job>> getJob,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new Cursor(options.StartAt ?? JobStreamPosition.Start);
        var datastores = new Lazy<DatastoreContainers>(_datastores);
        RunState? own = null;
        // A pipeline's child runs by run id, each followed as the job itself is, its events tagged with its step.
        var steps = new Dictionary<string, RunState>(StringComparer.Ordinal);
        var lastNews = _time.GetTimestamp();
        while (true)
        {
            var job = await getJob(name, cancellationToken).ConfigureAwait(false);
            var status = job.Status;
            var sequence = StatusSequence(status);
            cursor.Found = false;
            // A terminal status comes last, after the lines written before it.
            if (!status.IsTerminal && sequence > cursor.Position.StatusSequence)
            {
                cursor.Position = cursor.Position.WithStatus(sequence);
                cursor.Found = true;
                yield return new JobStatusEvent(name, cursor.Position, status, _time.GetUtcNow(), null);
            }
            if (job.Definition.Kind == JobKind.Pipeline)
            {
                // The steps are listed after the pipeline's status: once the pipeline is terminal, so is every step, and
                // this pass reads each to its end. A pipeline's own run writes no user logs: its events are its steps'.
                foreach (var child in await _history.ChildrenAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    if (!steps.TryGetValue(child.RunId, out var step))
                    {
                        var definition = ((PipelineJob)job.Definition).Steps.TryGetValue(child.Step, out var declared) ? declared : null;
                        steps[child.RunId] = step = new RunState(child.RunId, child.Step, JobKind.Command, LogPlace(child.RunId, null), datastores,
                            definition is null ? SecretValues.None : SecretsOf(definition.Job, definition.Component?.Definition?.Body));
                    }
                    await foreach (var e in FollowAsync(name, step, child.Status, options, cursor, cancellationToken).ConfigureAwait(false))
                    {
                        yield return e;
                    }
                }
            }
            else
            {
                own ??= new RunState(name, null, job.Definition.Kind,
                    LogPlace(name, job.Definition.Outputs.TryGetValue("default", out var output) ? output.Path : null), datastores, SecretsOf(job.Definition));
                await foreach (var e in FollowAsync(name, own, status, options, cursor, cancellationToken).ConfigureAwait(false))
                {
                    yield return e;
                }
            }
            if (status.IsTerminal)
            {
                if (sequence > cursor.Position.StatusSequence)
                {
                    cursor.Position = cursor.Position.WithStatus(sequence);
                    yield return new JobStatusEvent(name, cursor.Position, status, _time.GetUtcNow(), job.Error);
                }
                yield break;
            }
            if (cursor.Found) lastNews = _time.GetTimestamp();
            await Task.Delay(NextInterval(cursor.Found ? TimeSpan.Zero : _time.GetElapsedTime(lastNews)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One poll of one run: the job itself (its status is the caller's), or a pipeline step, whose status events this
    /// yields too (a terminal one after the step's last line and point). Logs and metrics are read once the run is
    /// running, after its status, so a terminal run's are complete.
    /// </summary>
    private async IAsyncEnumerable<JobEvent> FollowAsync(string job, RunState run, JobStatus status, StreamOptions options, Cursor cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sequence = StatusSequence(status);
        if (run.Step is { } stepName && !status.IsTerminal && sequence > cursor.Position.StepStatusSequence(stepName))
        {
            cursor.Position = cursor.Position.WithStepStatus(stepName, sequence);
            cursor.Found = true;
            yield return new JobStatusEvent(job, cursor.Position, status, _time.GetUtcNow(), null) { StepName = stepName };
        }
        if (options.IncludeLogs && sequence >= RunningSequence)
        {
            await RefreshLogFilesAsync(run, cursor.Position, cancellationToken).ConfigureAwait(false);
            foreach (var (file, log) in run.Logs)
            {
                var start = log.Splitter?.Offset;
                var chunk = await FetchAsync(log, cancellationToken).ConfigureAwait(false);
                var position = cursor.Position;
                if (chunk is not null)
                {
                    foreach (var (offset, next, text) in log.Splitter!.Split(chunk, chunk.Length))
                    {
                        yield return new JobLogEvent(job, position, next, file, log.Rank, offset, log.Redactor.Redact(text)) { StepName = run.Step };
                    }
                }
                if (status.IsTerminal && log.Splitter is not null)
                {
                    foreach (var (offset, next, text) in log.Splitter.Flush())
                    {
                        yield return new JobLogEvent(job, position, next, file, log.Rank, offset, log.Redactor.Redact(text)) { StepName = run.Step };
                    }
                }
                if (log.Splitter is not null && log.Splitter.Offset != start)
                {
                    // Folded once per file and poll, not once per line.
                    cursor.Position = cursor.Position.WithLogOffset(file, log.Splitter.Offset);
                    cursor.Found = true;
                }
                cursor.Found |= chunk is { Length: > 0 };
            }
        }
        if (options.IncludeMetrics && sequence >= RunningSequence)
        {
            // The run's whole history, read again each poll (MLflow has no "since"); only points past the stream's
            // metric sequence are delivered, so none twice. Read after the status, as the logs are.
            var points = await _metrics.PointsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            var seen = run.Step is null ? cursor.Position.MetricSequence : cursor.Position.StepMetricSequence(run.Step);
            for (var i = seen; i < points.Count; i++)
            {
                cursor.Position = run.Step is null ? cursor.Position.WithMetric(i + 1) : cursor.Position.WithStepMetric(run.Step, i + 1);
                cursor.Found = true;
                yield return new JobMetricEvent(job, cursor.Position, points[(int)i]) { StepName = run.Step };
            }
        }
        if (run.Step is { } finished && status.IsTerminal && sequence > cursor.Position.StepStatusSequence(finished))
        {
            cursor.Position = cursor.Position.WithStepStatus(finished, sequence);
            cursor.Found = true;
            yield return new JobStatusEvent(job, cursor.Position, status, _time.GetUtcNow(), null) { StepName = finished };
        }
    }

    /// <summary>
    /// Adds the log files that were not followed yet, and renews the URLs of those that were. The files are run
    /// history's <c>logFiles</c>; when it lists none, the blobs under the run's log prefix on its datastore, as
    /// azure-ai-ml lists them (<see cref="DatastoreLogsAsync"/>). Of those, the <c>user_logs/</c> files by the local
    /// backend's rule; when there are none, azure-ai-ml's legacy file of the job's type (<see cref="LegacyLog"/>), rank 0.
    /// </summary>
    private async Task RefreshLogFilesAsync(RunState run, JobStreamPosition position, CancellationToken cancellationToken)
    {
        var listed = await LogFilesAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (listed.Count == 0) listed = await DatastoreLogsAsync(run, cancellationToken).ConfigureAwait(false);
        var userLogs = listed.Keys
            .Where(k => k.StartsWith(UserLogs, StringComparison.Ordinal) && k.IndexOf('/', UserLogs.Length) < 0)
            .Select(k => k[UserLogs.Length..])
            .ToList();
        var followed = LogFileNames.Followed(userLogs).Select(f => (Listed: UserLogs + f, Rank: LogFileNames.RankOf(f))).ToList();
        if (followed.Count == 0)
        {
            followed = [.. listed.Keys.Where(k => LegacyLog(run.Kind).IsMatch(k)).Order(StringComparer.Ordinal).Select(k => (k, 0))];
        }
        foreach (var (listedName, rank) in followed)
        {
            // A step's files are keyed under its name, so the files of several steps share one position.
            var file = run.Step is null ? listedName : $"{run.Step}/{listedName}";
            if (run.Logs.TryGetValue(file, out var log))
            {
                log.Source = listed[listedName];
                continue;
            }
            position.TryGetLogOffset(file, out var offset);
            run.Logs[file] = new LogFile(listed[listedName], rank, offset, run.Secrets.ForLines());
        }
    }

    /// <summary>
    /// The secrets a run's logs may print: the values of its definition's environment variables that are secret by name
    /// or value (a sweep's, its trial's), as the service returns them. Whatever <see cref="SecretScanner"/> recognises
    /// is redacted besides. A component's variables are known when its body came with the definition.
    /// </summary>
    internal static SecretValues SecretsOf(params JobDefinition?[] definitions) =>
        SecretValues.Of(definitions.SelectMany(d => d switch
        {
            CommandJob command => command.EnvironmentVariables,
            SweepJob sweep => sweep.Trial.EnvironmentVariables,
            _ => ValueMap<string>.Empty,
        }));

    /// <summary>
    /// azure-ai-ml's fallback log names when a run has no <c>user_logs/</c> (older runtimes): a command's
    /// <c>azureml-logs/NN_….txt</c>, a sweep's <c>azureml-logs/hyperdrive.txt</c>. (A pipeline's own
    /// <c>logs/azureml/executionlogs.txt</c> is not among them: a pipeline is followed through its steps.)
    /// </summary>
    internal static Regex LegacyLog(JobKind kind) => kind == JobKind.Sweep ? SweepLegacyLog() : CommandLegacyLog();

    [GeneratedRegex(@"^azureml-logs/[0-9]{2}.+\.txt$")]
    private static partial Regex CommandLegacyLog();

    [GeneratedRegex(@"^azureml-logs/hyperdrive\.txt$")]
    private static partial Regex SweepLegacyLog();

    /// <summary>
    /// Where a run's logs lie on a datastore: its <c>default</c> output's datastore path when it names one (as
    /// azure-ai-ml reads it), else Azure ML's default artifact path, <c>ExperimentRun/dcid.{run}</c> of
    /// <c>workspaceartifactstore</c>.
    /// </summary>
    private static (string Store, string Prefix) LogPlace(string run, string? defaultOutput) =>
        OutputDownloader.Place(defaultOutput, run, "default") ?? (OutputDownloader.ArtifactDatastore, $"ExperimentRun/dcid.{run}");

    /// <summary>
    /// The log blobs under a run's log prefix, named relative to it as run history names them: those under
    /// <c>user_logs/</c> and under the legacy folder <c>azureml-logs/</c>, as azure-ai-ml's <c>list_logs_in_datastore</c>
    /// lists them for a command or sweep. They are read through the datastore's client, not a SAS.
    /// </summary>
    private static async Task<Dictionary<string, LogSource>> DatastoreLogsAsync(RunState run, CancellationToken cancellationToken)
    {
        var (store, prefix) = run.LogPlace;
        var container = await run.Datastores.Value.GetAsync(store, cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, LogSource>(StringComparer.Ordinal);
        var root = prefix.TrimEnd('/') + "/";
        foreach (var folder in new[] { UserLogs, "azureml-logs/" })
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, root + folder, cancellationToken).ConfigureAwait(false))
            {
                if (item.Name.EndsWith('/')) continue;
                files[item.Name[root.Length..]] = new LogSource(null, container.GetBlobClient(item.Name));
            }
        }
        return files;
    }

    /// <summary>The bytes of a log file after those already received (one ranged GET); null when there are none yet.</summary>
    private async Task<byte[]?> FetchAsync(LogFile log, CancellationToken cancellationToken)
    {
        // Resuming inside a file: the byte before the offset says whether a '\n' first is the rest of a "\r\n" (one byte, once).
        var from = log.Splitter is null && log.Received > 0 ? log.Received - 1 : log.Received;
        byte[] bytes;
        var skip = 0;
        if (log.Source.Blob is { } blob)
        {
            // A blob listed on a datastore: the same ranged GET, through the datastore's client and credential.
            try
            {
                bytes = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(from) }, cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status is 416 or 404)
            {
                return null;
            }
        }
        else
        {
            using var message = _blobs.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(log.Source.Url!);
            message.Request.Headers.SetValue("Range", $"bytes={from}-");
            await _blobs.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            // 416: nothing past the offset yet (an empty blob answers so too); 404: listed but not written yet.
            if (response.Status is 416 or 404) return null;
            if (response.Status is not (200 or 206)) throw new RequestFailedException(response);
            bytes = response.Content.ToArray();
            // A server that ignores Range answers 200 with the whole blob: what was received already is dropped here.
            skip = response.Status == 200 ? (int)Math.Min(from, bytes.Length) : 0;
        }
        if (log.Splitter is null)
        {
            var afterCarriageReturn = false;
            if (from < log.Received)
            {
                if (bytes.Length - skip == 0) return null;
                afterCarriageReturn = bytes[skip] == (byte)'\r';
                skip++;
            }
            log.Splitter = new LogLineSplitter(log.Received, afterCarriageReturn);
        }
        var fresh = skip == 0 ? bytes : bytes[skip..];
        log.Received += fresh.Length;
        return fresh;
    }

    /// <summary>Run history's <c>logFiles</c> of a run: relative name → SAS URL.</summary>
    private async Task<Dictionary<string, LogSource>> LogFilesAsync(string name, CancellationToken cancellationToken)
    {
        var details = await _history.DetailsAsync(name, cancellationToken).ConfigureAwait(false);
        return details.LogFiles.ToDictionary(f => f.Key, f => new LogSource(f.Value, null), StringComparer.Ordinal);
    }

    /// <summary>Where the stream stands, shared by the passes over the job and its steps.</summary>
    private sealed class Cursor(JobStreamPosition position)
    {
        public JobStreamPosition Position { get; set; } = position;

        /// <summary>Whether this poll found anything new (the next poll then comes soon).</summary>
        public bool Found { get; set; }
    }

    /// <summary>A run followed by the stream: the job itself (<see cref="Step"/> null) or a pipeline's child run.</summary>
    private sealed class RunState(string runId, string? step, JobKind kind, (string Store, string Prefix) logPlace, Lazy<DatastoreContainers> datastores,
        SecretValues secrets)
    {
        /// <summary>What its log lines have redacted.</summary>
        public SecretValues Secrets { get; } = secrets;

        public string RunId { get; } = runId;

        public string? Step { get; } = step;

        /// <summary>The run's job type, which names its legacy log file.</summary>
        public JobKind Kind { get; } = kind;

        /// <summary>Where its logs lie on a datastore, read when run history lists none.</summary>
        public (string Store, string Prefix) LogPlace { get; } = logPlace;

        /// <summary>The stream's datastore clients (made at the first datastore listing).</summary>
        public Lazy<DatastoreContainers> Datastores { get; } = datastores;

        /// <summary>The log files followed, by their key in the stream position.</summary>
        public SortedDictionary<string, LogFile> Logs { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Where a log file is read: a SAS URL from run history, or a blob listed on a datastore.</summary>
    private sealed record LogSource(Uri? Url, BlobClient? Blob);

    private sealed class LogFile(LogSource source, int rank, long offset, SecretLineRedactor redactor)
    {
        /// <summary>Redacts its lines, in order.</summary>
        public SecretLineRedactor Redactor { get; } = redactor;

        public LogSource Source { get; set; } = source;

        public int Rank { get; } = rank;

        /// <summary>The bytes received so far (past the last line delivered when a line is partly received).</summary>
        public long Received { get; set; } = offset;

        /// <summary>Made at the first bytes received.</summary>
        public LogLineSplitter? Splitter { get; set; }
    }
}
