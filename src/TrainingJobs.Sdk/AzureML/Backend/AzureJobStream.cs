using System.Runtime.CompilerServices;
using System.Text.Json;
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
/// redacted (<see cref="AzureRunLogs.SecretsOf"/>); offsets stay those of the stored file. Which files a run has is
/// <see cref="AzureRunLogs"/>'s listing, which an evidence bundle's copy shares.
/// </summary>
internal sealed class AzureJobStream
{
    /// <summary>The shortest wait between two polls (azure-ai-ml's minimum).</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private readonly HttpPipeline _blobs;
    private readonly TimeProvider _time;
    private readonly WorkspaceProperties _workspace;
    private readonly RunHistory _history;
    private readonly Tracking.WorkspaceMetricsReader _metrics;
    private readonly Func<DatastoreContainers> _datastores;
    private readonly AzureRunLogs _logs;

    /// <param name="arm">The ARM operations (the MLflow endpoint is called through the same pipeline and token, as azureml-mlflow does).</param>
    /// <param name="blobs">A pipeline without bearer authentication, for the SAS URLs (a bearer token there would be refused).</param>
    /// <param name="time">The workspace's clock, which the polls wait on.</param>
    /// <param name="workspace">The workspace's properties, read once per client: the MLflow tracking URI (metrics).</param>
    /// <param name="history">Run history, on the host the same properties lead to (log files, a pipeline's children).</param>
    /// <param name="datastores">Makes the datastore clients a stream lists logs with when run history lists none (one set per stream).</param>
    /// <param name="logs">Lists a run's log files.</param>
    public AzureJobStream(ArmJobOperations arm, HttpPipeline blobs, TimeProvider time, WorkspaceProperties workspace, RunHistory history,
        Func<DatastoreContainers> datastores, AzureRunLogs logs)
    {
        _logs = logs;
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
                        steps[child.RunId] = step = new RunState(AzureRunLogs.StepRun((PipelineJob)job.Definition, child), datastores);
                    }
                    await foreach (var e in FollowAsync(name, step, child.Status, options, cursor, cancellationToken).ConfigureAwait(false))
                    {
                        yield return e;
                    }
                }
            }
            else
            {
                own ??= new RunState(AzureRunLogs.OwnRun(job), datastores);
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
    /// Adds the log files that were not followed yet, and renews the URLs of those that were: the run's files as
    /// <see cref="AzureRunLogs.ListAsync"/> lists them.
    /// </summary>
    private async Task RefreshLogFilesAsync(RunState run, JobStreamPosition position, CancellationToken cancellationToken)
    {
        foreach (var listed in await _logs.ListAsync(run.Run, run.Datastores, cancellationToken).ConfigureAwait(false))
        {
            // A step's files are keyed under its name, so the files of several steps share one position.
            var file = run.Step is null ? listed.Name : $"{run.Step}/{listed.Name}";
            if (run.Logs.TryGetValue(file, out var log))
            {
                log.Source = listed.Source;
                continue;
            }
            position.TryGetLogOffset(file, out var offset);
            run.Logs[file] = new LogFile(listed.Source, listed.Rank, offset, run.Run.Secrets.ForLines());
        }
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

    /// <summary>Where the stream stands, shared by the passes over the job and its steps.</summary>
    private sealed class Cursor(JobStreamPosition position)
    {
        public JobStreamPosition Position { get; set; } = position;

        /// <summary>Whether this poll found anything new (the next poll then comes soon).</summary>
        public bool Found { get; set; }
    }

    /// <summary>A run followed by the stream: the job itself (<see cref="Step"/> null) or a pipeline's child run.</summary>
    private sealed class RunState(AzureLogRun run, Lazy<DatastoreContainers> datastores)
    {
        /// <summary>The run: its id, step, type, log place and secrets.</summary>
        public AzureLogRun Run { get; } = run;

        public string RunId => Run.RunId;

        public string? Step => Run.Step;

        /// <summary>The stream's datastore clients (made at the first datastore listing).</summary>
        public Lazy<DatastoreContainers> Datastores { get; } = datastores;

        /// <summary>The log files followed, by their key in the stream position.</summary>
        public SortedDictionary<string, LogFile> Logs { get; } = new(StringComparer.Ordinal);
    }

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
