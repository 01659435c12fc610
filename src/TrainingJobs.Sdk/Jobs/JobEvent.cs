using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>Something that happened to a job, as <see cref="TrainingJobsClient.StreamAsync"/> yields it.</summary>
public abstract class JobEvent
{
    private readonly JobStreamPosition _basePosition;
    private readonly long _logOffset;
    private JobStreamPosition? _position;

    private protected JobEvent(string jobName, JobStreamPosition position)
    {
        JobName = jobName;
        _basePosition = position;
        _position = position;
    }

    // A log line's position is the base position with its file moved on; it is built only when asked for,
    // because streaming a large log creates millions of events whose positions are never read.
    private protected JobEvent(string jobName, JobStreamPosition basePosition, string logFile, long logOffset)
    {
        JobName = jobName;
        _basePosition = basePosition;
        LogFile = logFile;
        _logOffset = logOffset;
    }

    /// <summary>For a log line: its file, the key its offset has in <see cref="Position"/>.</summary>
    private protected string? LogFile { get; }

    /// <summary>The position before this event (for a log line, before its file moved on).</summary>
    internal JobStreamPosition BasePosition => _basePosition;

    /// <summary>For a log line: the offset its file moves on to, just after the line.</summary>
    internal long LogNextOffset => _logOffset;

    /// <summary>The job.</summary>
    public string JobName { get; }

    /// <summary>
    /// For an event of a pipeline's step: the step's name (as in the pipeline's <c>jobs:</c>); null for an event of the
    /// job itself. A step's log files are keyed <c>&lt;step&gt;/&lt;file&gt;</c> in <see cref="Position"/>.
    /// </summary>
    public string? StepName { get; internal init; }

    /// <summary>The stream position just after this event: pass it to <see cref="StreamOptions.StartAt"/> to resume.</summary>
    public JobStreamPosition Position => _position ??= _basePosition.WithLogOffset(LogFile!, _logOffset);
}

/// <summary>The job entered a status.</summary>
public sealed class JobStatusEvent : JobEvent
{
    internal JobStatusEvent(string jobName, JobStreamPosition position, JobStatus status, DateTimeOffset changedOn, JobError? error)
        : base(jobName, position)
    {
        Status = status;
        ChangedOn = changedOn;
        Error = error;
    }

    /// <summary>The status entered.</summary>
    public JobStatus Status { get; }

    /// <summary>When it was entered.</summary>
    public DateTimeOffset ChangedOn { get; }

    /// <summary>For a terminal status other than Completed: why.</summary>
    public JobError? Error { get; }

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"[status] {Status}" : $"[status] {Status}: {Error.Message}";
}

/// <summary>One line the job wrote to a log file.</summary>
/// <remarks>
/// Streaming a large log yields millions of these: a local line's <see cref="Text"/> is decoded from the bytes read
/// only when it is first asked for. Until then the event keeps the block of the log it was read from (64 KB, shared
/// with its neighbours, never changed); keep the text rather than the event to hold a few lines for long.
/// </remarks>
public sealed class JobLogEvent : JobEvent
{
    // The text once decoded (a string), or the UTF-8 bytes of a line shown as written, chunk[start..start+length),
    // decoded when read (a byte[]): one field for both, as a stream of a large log makes millions of these.
    private object _source;
    private readonly int _start;
    private readonly int _length;

    internal JobLogEvent(string jobName, JobStreamPosition basePosition, long nextOffset, string file, int rank, long offset, string text)
        : base(jobName, basePosition, file, nextOffset)
    {
        Rank = rank;
        Offset = offset;
        _source = text;
    }

    // A line shown as written (no secret in it): its UTF-8 bytes, chunk[start..start+length), decoded when read.
    internal JobLogEvent(string jobName, JobStreamPosition basePosition, long nextOffset, string file, int rank, long offset, byte[] chunk, int start, int length)
        : base(jobName, basePosition, file, nextOffset)
    {
        Rank = rank;
        Offset = offset;
        _source = chunk;
        _start = start;
        _length = length;
    }

    /// <summary>
    /// The log file, relative to the job's artifacts (e.g. <c>user_logs/std_log.txt</c>); for a pipeline step's line,
    /// relative to the pipeline and so starting with the step's name (e.g. <c>train/user_logs/std_log.txt</c>).
    /// </summary>
    public string File => LogFile!;

    /// <summary>The process rank that wrote it (0 for a job that is not distributed).</summary>
    public int Rank { get; }

    /// <summary>The byte offset of the start of the line in <see cref="File"/>.</summary>
    public long Offset { get; }

    /// <summary>The line without its line break, secrets redacted; bytes that are not valid UTF-8 appear as U+FFFD.</summary>
    public string Text => Volatile.Read(ref _source) as string ?? Decode();

    /// <inheritdoc />
    public override string ToString() => Text;

    private string Decode()
    {
        // Two threads may both decode (equal strings); the text replaces the chunk, which is then let go.
        var source = Volatile.Read(ref _source);
        if (source is string decoded) return decoded;
        var text = System.Text.Encoding.UTF8.GetString((byte[])source, _start, _length);
        Volatile.Write(ref _source, text);
        return text;
    }
}

/// <summary>A metric value the job logged.</summary>
public sealed class JobMetricEvent : JobEvent
{
    internal JobMetricEvent(string jobName, JobStreamPosition position, MetricPoint metric)
        : base(jobName, position) => Metric = metric;

    /// <summary>The metric point.</summary>
    public MetricPoint Metric { get; }

    /// <inheritdoc />
    public override string ToString() => $"[metric] {Metric.Key}={Metric.Value} (step {Metric.Step})";
}
