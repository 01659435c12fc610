using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// Where a stream of job events stands: the last status change and metric point seen, and how many bytes of
/// each log file were read. Resuming from a position yields only what came after it.
/// </summary>
/// <remarks>
/// The text form (<see cref="ToString"/>, <see cref="Parse"/>) is stable, so a position can be kept between runs.
/// A pipeline's stream also keeps where each step stands: its log files are keyed <c>&lt;step&gt;/&lt;file&gt;</c>
/// (e.g. <c>train/user_logs/std_log.txt</c>) in <see cref="LogOffsets"/>, and its last status and metric point are
/// written <c>s:&lt;step&gt;=N</c> and <c>m:&lt;step&gt;=N</c> in the text form.
/// </remarks>
public sealed class JobStreamPosition : IEquatable<JobStreamPosition>
{
    // Sorted by file name; a job has a handful of log files, so a small array beats a tree (one copy per line).
    private readonly ImmutableArray<KeyValuePair<string, long>> _offsets;

    // A pipeline's steps: "s:<step>" (status sequence) and "m:<step>" (metric sequence), sorted by key; empty for a job without steps.
    private readonly ImmutableArray<KeyValuePair<string, long>> _steps;

    internal JobStreamPosition(long statusSequence, long metricSequence, ImmutableArray<KeyValuePair<string, long>> logOffsets)
        : this(statusSequence, metricSequence, logOffsets, ImmutableArray<KeyValuePair<string, long>>.Empty)
    {
    }

    private JobStreamPosition(long statusSequence, long metricSequence, ImmutableArray<KeyValuePair<string, long>> logOffsets,
        ImmutableArray<KeyValuePair<string, long>> steps)
    {
        StatusSequence = statusSequence;
        MetricSequence = metricSequence;
        _offsets = logOffsets;
        _steps = steps;
    }

    /// <summary>The beginning: every event of the job.</summary>
    public static JobStreamPosition Start { get; } = new(0, 0, ImmutableArray<KeyValuePair<string, long>>.Empty);

    /// <summary>The sequence number of the last status change seen (0: none).</summary>
    public long StatusSequence { get; }

    /// <summary>The sequence number of the last metric point seen (0: none).</summary>
    public long MetricSequence { get; }

    /// <summary>The bytes already read from each log file (relative path → offset).</summary>
    public IReadOnlyDictionary<string, long> LogOffsets => _offsets.ToDictionary(StringComparer.Ordinal);

    internal JobStreamPosition WithStatus(long sequence) => new(sequence, MetricSequence, _offsets, _steps);

    internal JobStreamPosition WithMetric(long sequence) => new(StatusSequence, sequence, _offsets, _steps);

    /// <summary>The status sequence of a pipeline step (0: none seen).</summary>
    internal long StepStatusSequence(string step) => TryGet(_steps, "s:" + step, out var value) ? value : 0;

    /// <summary>The metric sequence of a pipeline step (0: none seen).</summary>
    internal long StepMetricSequence(string step) => TryGet(_steps, "m:" + step, out var value) ? value : 0;

    internal JobStreamPosition WithStepStatus(string step, long sequence) => new(StatusSequence, MetricSequence, _offsets, Set(_steps, "s:" + step, sequence));

    internal JobStreamPosition WithStepMetric(string step, long sequence) => new(StatusSequence, MetricSequence, _offsets, Set(_steps, "m:" + step, sequence));

    internal bool TryGetLogOffset(string file, out long offset) => TryGet(_offsets, file, out offset);

    internal JobStreamPosition WithLogOffset(string file, long offset) => new(StatusSequence, MetricSequence, Set(_offsets, file, offset), _steps);

    private static bool TryGet(ImmutableArray<KeyValuePair<string, long>> entries, string key, out long value)
    {
        foreach (var (name, entry) in entries)
        {
            if (name == key)
            {
                value = entry;
                return true;
            }
        }
        value = 0;
        return false;
    }

    private static ImmutableArray<KeyValuePair<string, long>> Set(ImmutableArray<KeyValuePair<string, long>> entries, string key, long value)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            var order = string.CompareOrdinal(entries[i].Key, key);
            if (order == 0) return entries.SetItem(i, new(key, value));
            if (order > 0) return entries.Insert(i, new(key, value));
        }
        return entries.Add(new(key, value));
    }

    /// <summary>Returns a position that starts each given log file at a byte offset (and everything else at the start).</summary>
    /// <param name="logOffsets">Log file (relative path, e.g. <c>user_logs/std_log.txt</c>) → byte offset.</param>
    public static JobStreamPosition FromLogOffsets(IEnumerable<KeyValuePair<string, long>> logOffsets)
    {
        ArgumentNullException.ThrowIfNull(logOffsets);
        var position = Start;
        foreach (var (file, offset) in logOffsets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(logOffsets));
            position = position.WithLogOffset(file, offset);
        }
        return position;
    }

    /// <summary>Parses the text form written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a position.</exception>
    public static JobStreamPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = Start;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.LastIndexOf('=');
            if (eq <= 0 || !long.TryParse(part.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{part}' is not part of a job stream position (expected s=N;m=N;f:FILE=N;s:STEP=N;m:STEP=N).");
            }
            var key = part[..eq];
            position = key switch
            {
                "s" => position.WithStatus(value),
                "m" => position.WithMetric(value),
                _ when key.StartsWith("f:", StringComparison.Ordinal) => position.WithLogOffset(key[2..], value),
                _ when key.StartsWith("s:", StringComparison.Ordinal) && key.Length > 2 => position.WithStepStatus(key[2..], value),
                _ when key.StartsWith("m:", StringComparison.Ordinal) && key.Length > 2 => position.WithStepMetric(key[2..], value),
                _ => throw new FormatException($"'{key}' is not part of a job stream position."),
            };
        }
        return position;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"s={StatusSequence};m={MetricSequence}");
        foreach (var (file, offset) in _offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $";f:{file}={offset}");
        }
        foreach (var (key, value) in _steps)
        {
            text.Append(CultureInfo.InvariantCulture, $";{key}={value}");
        }
        return text.ToString();
    }

    /// <inheritdoc />
    public bool Equals(JobStreamPosition? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JobStreamPosition);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
