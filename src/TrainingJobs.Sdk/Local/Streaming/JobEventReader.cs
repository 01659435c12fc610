using System.Runtime.CompilerServices;
using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Follows a job in the workspace: status changes and metric points from the database (by sequence number) and
/// log lines from <c>artifacts/user_logs/</c> (by byte offset). The terminal status comes last, after every log
/// line and metric written before it. A line's text has the job's secrets redacted (<see cref="JobSecrets"/>); its
/// offsets are those of the raw file, which is left as the job wrote it. A stream that found nothing new waits for a
/// file-system notification or its next poll, whichever comes first (<see cref="ChangeSignal"/>).
/// </summary>
internal static class JobEventReader
{
    /// <summary>How many blocks (of up to 64 KB) one read ahead reads at most.</summary>
    private const int ReadAheadBlocks = 4;

    /// <summary>How many idle polls between two supervisor liveness checks.</summary>
    private const int LivenessEvery = 20;

    public static IAsyncEnumerable<JobEvent> ReadAsync(JobStore store, WorkspaceLayout layout, string name, StreamOptions options, TimeProvider time,
        CancellationToken cancellationToken, string? stepName = null) =>
        EventBatches.Flatten(ReadBatchesAsync(store, layout, name, options, time, cancellationToken, stepName));

    // The events in batches: a chunk's log lines together (one await for all of them), any other event alone. A batch
    // is only read until the next one is asked for, so the list is reused.
    private static async IAsyncEnumerable<EventBatch> ReadBatchesAsync(JobStore store, WorkspaceLayout layout, string name, StreamOptions options,
        TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken, string? stepName)
    {
        var batch = new EventBatch();
        var position = options.StartAt ?? JobStreamPosition.Start;
        var tailers = new Dictionary<string, FollowedLog>(StringComparer.Ordinal);
        // Read when the first lines are (the job is running then, so a step's plan has been written).
        SecretValues? secrets = null;
        var logsFolder = layout.UserLogsFolder(name);
        var idlePolls = 0;
        ChangeSignal? signal = null;
        Task<bool>? readAhead = null;
        List<(byte[] Chunk, LogBlockCut Cut)> blocks = [], spareBlocks = [];
        // No process runs before Running is recorded, so there is nothing to read before then. Reading logs only
        // once Running was yielded closes a race: a line written between this poll's status read and its log read
        // would otherwise come out ahead of the Running event.
        var running = store.Jobs.GetStatusHistory(name, 0).Any(c => c.Sequence <= position.StatusSequence && IsRunningOrLater(c.Status));
        try
        {
            while (true)
            {
                var found = false;
                // Statuses up to Running come before the lines of this poll; Finalizing and the terminal status come
                // after them, because the job's processes had exited (and written everything) before those were set.
                var changes = store.Jobs.GetStatusHistory(name, position.StatusSequence);
                var split = changes.ToList().FindIndex(c => JobStatus.Parse(c.Status) == JobStatus.Finalizing || JobStatus.Parse(c.Status).IsTerminal);
                var before = split < 0 ? changes : changes.Take(split).ToList();
                var after = split < 0 ? [] : changes.Skip(split).ToList();
                foreach (var change in before)
                {
                    position = position.WithStatus(change.Sequence);
                    found = true;
                    running |= IsRunningOrLater(change.Status);
                    yield return batch.Only(new JobStatusEvent(name, position, JobStatus.Parse(change.Status), DateTimeOffset.FromUnixTimeMilliseconds(change.At), null) { StepName = stepName });
                }

                // After a terminal status nothing more is written: read to the end, unterminated last lines included.
                var terminal = after.FirstOrDefault(c => JobStatus.Parse(c.Status).IsTerminal);
                var flush = terminal is not null;
                if (options.IncludeLogs && running)
                {
                    secrets ??= JobSecrets.Read(store, name);
                    foreach (var (file, log) in Discover(layout.JobFolder(name), logsFolder, tailers, position, secrets))
                    {
                        var tailer = log.Tailer;
                        var redactor = log.Redactor;
                        var start = tailer.Offset;
                        // A read's lines as one event over the bytes read, not looked at one by one unless the secret
                        // search found something in them. While blocks are searched and handed on, the next ones of a
                        // log with more to read are read on another thread (a few at a time, so that the hand-over is
                        // paid rarely): the two take about as long, and a later read never writes a block's bytes.
                        var more = options.LogLinesInBlocks && tailer.ReadBlocks(flush, blocks, 1);
                        while (blocks.Count > 0)
                        {
                            var into = spareBlocks;
                            readAhead = more ? Task.Run(() => tailer.ReadBlocks(flush, into, ReadAheadBlocks), CancellationToken.None) : null;
                            foreach (var (chunk, cut) in blocks)
                            {
                                redactor.BeginChunk(chunk, cut.Start, cut.End);
                                yield return batch.Only(LogBlocks.Of(name, position, file, log.Rank, chunk, cut, redactor, stepName));
                            }
                            blocks.Clear();
                            more = readAhead is not null && await readAhead.ConfigureAwait(false);
                            readAhead = null;
                            (blocks, spareBlocks) = (spareBlocks, blocks);
                        }
                        while (!options.LogLinesInBlocks && tailer.Read(flush))
                        {
                            // A chunk's lines at a time: one search rules out secrets in all of them, and a line without
                            // one is an event over its bytes, decoded only if its text is read.
                            var lines = tailer.Lines;
                            if (lines.Count == 0) continue;
                            var chunk = tailer.Chunk;
                            redactor.BeginChunk(chunk, lines[0].Start, lines[^1].Start + lines[^1].Length);
                            batch.Clear();
                            for (var i = 0; i < lines.Count; i++)
                            {
                                var line = lines[i];
                                batch.Add(redactor.NeedsRedaction(chunk, line.Start, line.Length)
                                    ? new JobLogEvent(name, position, line.NextOffset, file, log.Rank, line.Offset,
                                        redactor.Redact(Encoding.UTF8.GetString(chunk, line.Start, line.Length))) { StepName = stepName }
                                    : new JobLogEvent(name, position, line.NextOffset, file, log.Rank, line.Offset, chunk, line.Start, line.Length) { StepName = stepName });
                            }
                            yield return batch;
                        }
                        if (tailer.Offset != start)
                        {
                            // Folded once per file and poll, not once per line.
                            position = position.WithLogOffset(file, tailer.Offset);
                            found = true;
                        }
                    }
                }
                if (options.IncludeMetrics && running)
                {
                    foreach (var metric in store.Metrics.OfJob(name, position.MetricSequence, 10_000))
                    {
                        position = position.WithMetric(metric.Sequence);
                        found = true;
                        yield return batch.Only(new JobMetricEvent(name, position,
                            new MetricPoint(metric.Key, metric.Value, metric.Step, DateTimeOffset.FromUnixTimeMilliseconds(metric.Timestamp))) { StepName = stepName });
                    }
                }
                foreach (var change in after)
                {
                    var status = JobStatus.Parse(change.Status);
                    position = position.WithStatus(change.Sequence);
                    found = true;
                    JobError? error = null;
                    if (status.IsTerminal && store.Jobs.Get(name) is { ErrorCode: { } code } row) error = new JobError(code, row.ErrorMessage ?? "");
                    yield return batch.Only(new JobStatusEvent(name, position, status, DateTimeOffset.FromUnixTimeMilliseconds(change.At), error) { StepName = stepName });
                    if (status.IsTerminal) yield break;
                }
                if (found)
                {
                    idlePolls = 0;
                    continue;
                }
                if (++idlePolls % LivenessEvery == 1)
                {
                    var row = JobLiveness.Check(store, name, time) ?? throw LocalJobBackend.NotFound(name);
                    if (JobStatus.Parse(row.Status).IsTerminal) continue;
                }
                // Made at the first wait: a finished job's stream reads to its end without one.
                signal ??= new ChangeSignal(Path.GetDirectoryName(layout.Database)!, Path.GetFileName(layout.Database), layout.ArtifactsFolder(name), logsFolder);
                await signal.WaitAsync(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A consumer that stopped mid-log leaves a read ahead running: the tailer is disposed only after it.
            if (readAhead is not null) await ((Task)readAhead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            signal?.Dispose();
            foreach (var log in tailers.Values) log.Tailer.Dispose();
        }
    }

    private static bool IsRunningOrLater(string status)
    {
        var parsed = JobStatus.Parse(status);
        return parsed == JobStatus.Running || parsed == JobStatus.Finalizing || parsed.IsTerminal;
    }

    /// <summary>The log files to follow: per-rank files when there are any (std_log.txt is then rank 0's second name), else std_log.txt.</summary>
    private static IEnumerable<(string File, FollowedLog Log)> Discover(string jobFolder, string folder, Dictionary<string, FollowedLog> tailers,
        JobStreamPosition position, SecretValues secrets)
    {
        // Listed without following links (the job may have replaced the folder with one); each log is opened the same way.
        List<string> names;
        using (var logs = DirectoryHandle.TryOpenBelow(jobFolder, folder, out _))
        {
            if (logs is null) yield break;
            names = logs.ReadNames(MaxLogFiles, out _).Select(n => PathBytes.Display(n)).ToList();
        }
        foreach (var fileName in LogFileNames.Followed(names))
        {
            var relative = "user_logs/" + fileName;
            if (!tailers.TryGetValue(relative, out var entry))
            {
                position.TryGetLogOffset(relative, out var offset);
                entry = new FollowedLog(new LogTailer(jobFolder, Path.Combine(folder, fileName), offset), LogFileNames.RankOf(fileName), secrets.ForLines());
                tailers[relative] = entry;
            }
            yield return (relative, entry);
        }
    }

    /// <summary>The most log files followed: a job that creates a million files in user_logs/ does not make each poll list them all.</summary>
    private const int MaxLogFiles = 10_000;

    /// <summary>One log file followed: where it is read, the rank that writes it, and its lines' redaction.</summary>
    private sealed record FollowedLog(LogTailer Tailer, int Rank, SecretLineRedactor Redactor);
}
