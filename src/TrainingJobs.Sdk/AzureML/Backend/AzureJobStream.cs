using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Follows an Azure ML job: its status from the job resource (ARM GET), its log files from run history
/// (<c>{api}/history/v1.0/…/runs/{name}/details</c>, whose <c>logFiles</c> map names to SAS URLs; the <c>api</c> host from
/// the workspace's discovery document), each file read incrementally with HTTP range requests from the byte after the
/// last one received, so no byte is fetched twice (azure-ai-ml downloads every file whole at every poll). Lines are split
/// and files named by the local backend's rules (<see cref="LogLineSplitter"/>, <see cref="LogFileNames"/>), so events
/// carry the same file, rank and offsets and a position from one stream resumes another.
/// </summary>
internal sealed class AzureJobStream
{
    /// <summary>The shortest wait between two polls (azure-ai-ml's minimum).</summary>
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private const string UserLogs = "user_logs/";

    private readonly HttpPipeline _blobs;
    private readonly TimeProvider _time;
    private readonly WorkspaceProperties _workspace;
    private readonly Tracking.WorkspaceMetricsReader _metrics;
    private readonly RunHistory _history;

    /// <param name="arm">The ARM operations; run history is called through the same pipeline and token (as azure-ai-ml does).</param>
    /// <param name="blobs">A pipeline without bearer authentication, for the SAS URLs (a bearer token there would be refused).</param>
    /// <param name="time">The workspace's clock, which the polls wait on.</param>
    /// <param name="workspace">The workspace's properties, read once per client: the MLflow tracking URI (metrics).</param>
    /// <param name="history">Run history, on the host the same properties lead to (log files).</param>
    public AzureJobStream(ArmJobOperations arm, HttpPipeline blobs, TimeProvider time, WorkspaceProperties workspace, RunHistory history)
    {
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
        var position = options.StartAt ?? JobStreamPosition.Start;
        var logs = new SortedDictionary<string, LogFile>(StringComparer.Ordinal);
        var lastNews = _time.GetTimestamp();
        while (true)
        {
            var job = await getJob(name, cancellationToken).ConfigureAwait(false);
            var status = job.Status;
            var sequence = StatusSequence(status);
            var found = false;
            // A terminal status comes last, after the lines written before it.
            if (!status.IsTerminal && sequence > position.StatusSequence)
            {
                position = position.WithStatus(sequence);
                found = true;
                yield return new JobStatusEvent(name, position, status, _time.GetUtcNow(), null);
            }
            if (options.IncludeLogs && sequence >= RunningSequence)
            {
                // Read after the status: once the job is terminal its logs are complete, so this read gets every line.
                await RefreshLogFilesAsync(name, logs, position, cancellationToken).ConfigureAwait(false);
                foreach (var (file, log) in logs)
                {
                    var start = log.Splitter?.Offset;
                    var chunk = await FetchAsync(log, cancellationToken).ConfigureAwait(false);
                    if (chunk is not null)
                    {
                        foreach (var (offset, next, text) in log.Splitter!.Split(chunk, chunk.Length))
                        {
                            yield return new JobLogEvent(name, position, next, file, log.Rank, offset, text);
                        }
                    }
                    if (status.IsTerminal && log.Splitter is not null)
                    {
                        foreach (var (offset, next, text) in log.Splitter.Flush())
                        {
                            yield return new JobLogEvent(name, position, next, file, log.Rank, offset, text);
                        }
                    }
                    if (log.Splitter is not null && log.Splitter.Offset != start)
                    {
                        // Folded once per file and poll, not once per line.
                        position = position.WithLogOffset(file, log.Splitter.Offset);
                        found = true;
                    }
                    found |= chunk is { Length: > 0 };
                }
            }
            if (options.IncludeMetrics && sequence >= RunningSequence)
            {
                // The run's whole history, read again each poll (MLflow has no "since"); only points past the stream's
                // metric sequence are delivered, so none twice. Read after the status, as the logs are.
                var points = await _metrics.PointsAsync(name, cancellationToken).ConfigureAwait(false);
                for (var i = position.MetricSequence; i < points.Count; i++)
                {
                    position = position.WithMetric(i + 1);
                    found = true;
                    yield return new JobMetricEvent(name, position, points[(int)i]);
                }
            }
            if (status.IsTerminal)
            {
                if (sequence > position.StatusSequence)
                {
                    position = position.WithStatus(sequence);
                    yield return new JobStatusEvent(name, position, status, _time.GetUtcNow(), job.Error);
                }
                yield break;
            }
            if (found) lastNews = _time.GetTimestamp();
            await Task.Delay(NextInterval(found ? TimeSpan.Zero : _time.GetElapsedTime(lastNews)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the log files run history lists that were not followed yet, and renews the SAS URLs of those that were.</summary>
    private async Task RefreshLogFilesAsync(string name, SortedDictionary<string, LogFile> logs, JobStreamPosition position, CancellationToken cancellationToken)
    {
        var listed = (await _history.DetailsAsync(name, cancellationToken).ConfigureAwait(false)).LogFiles;
        var userLogs = listed.Keys
            .Where(k => k.StartsWith(UserLogs, StringComparison.Ordinal) && k.IndexOf('/', UserLogs.Length) < 0)
            .Select(k => k[UserLogs.Length..])
            .ToList();
        foreach (var fileName in LogFileNames.Followed(userLogs))
        {
            var file = UserLogs + fileName;
            if (logs.TryGetValue(file, out var log))
            {
                log.Url = listed[file];
                continue;
            }
            position.TryGetLogOffset(file, out var offset);
            logs[file] = new LogFile(listed[file], LogFileNames.RankOf(fileName), offset);
        }
    }

    /// <summary>The bytes of a log file after those already received (one ranged GET); null when there are none yet.</summary>
    private async Task<byte[]?> FetchAsync(LogFile log, CancellationToken cancellationToken)
    {
        // Resuming inside a file: the byte before the offset says whether a '\n' first is the rest of a "\r\n" (one byte, once).
        var from = log.Splitter is null && log.Received > 0 ? log.Received - 1 : log.Received;
        using var message = _blobs.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(log.Url);
        message.Request.Headers.SetValue("Range", $"bytes={from}-");
        await _blobs.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        // 416: nothing past the offset yet (an empty blob answers so too); 404: listed but not written yet.
        if (response.Status is 416 or 404) return null;
        if (response.Status is not (200 or 206)) throw new RequestFailedException(response);
        var bytes = response.Content.ToArray();
        // A server that ignores Range answers 200 with the whole blob: what was received already is dropped here.
        var skip = response.Status == 200 ? (int)Math.Min(from, bytes.Length) : 0;
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

    private sealed class LogFile(Uri url, int rank, long offset)
    {
        public Uri Url { get; set; } = url;

        public int Rank { get; } = rank;

        /// <summary>The bytes received so far (past the last line delivered when a line is partly received).</summary>
        public long Received { get; set; } = offset;

        /// <summary>Made at the first bytes received.</summary>
        public LogLineSplitter? Splitter { get; set; }
    }
}
