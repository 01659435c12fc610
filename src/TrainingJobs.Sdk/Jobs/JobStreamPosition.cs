using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// Where a stream of job events stands: the last status change and metric point seen, and how many bytes of
/// each log file were read. Resuming from a position yields only what came after it.
/// </summary>
/// <remarks>The text form (<see cref="ToString"/>, <see cref="Parse"/>) is stable, so a position can be kept between runs.</remarks>
public sealed class JobStreamPosition : IEquatable<JobStreamPosition>
{
    // Sorted by file name; a job has a handful of log files, so a small array beats a tree (one copy per line).
    private readonly ImmutableArray<KeyValuePair<string, long>> _offsets;

    internal JobStreamPosition(long statusSequence, long metricSequence, ImmutableArray<KeyValuePair<string, long>> logOffsets)
    {
        StatusSequence = statusSequence;
        MetricSequence = metricSequence;
        _offsets = logOffsets;
    }

    /// <summary>The beginning: every event of the job.</summary>
    public static JobStreamPosition Start { get; } = new(0, 0, ImmutableArray<KeyValuePair<string, long>>.Empty);

    /// <summary>The sequence number of the last status change seen (0: none).</summary>
    public long StatusSequence { get; }

    /// <summary>The sequence number of the last metric point seen (0: none).</summary>
    public long MetricSequence { get; }

    /// <summary>The bytes already read from each log file (relative path → offset).</summary>
    public IReadOnlyDictionary<string, long> LogOffsets => _offsets.ToDictionary(StringComparer.Ordinal);

    internal JobStreamPosition WithStatus(long sequence) => new(sequence, MetricSequence, _offsets);

    internal JobStreamPosition WithMetric(long sequence) => new(StatusSequence, sequence, _offsets);

    internal bool TryGetLogOffset(string file, out long offset)
    {
        foreach (var (name, value) in _offsets)
        {
            if (name == file)
            {
                offset = value;
                return true;
            }
        }
        offset = 0;
        return false;
    }

    internal JobStreamPosition WithLogOffset(string file, long offset)
    {
        for (var i = 0; i < _offsets.Length; i++)
        {
            var order = string.CompareOrdinal(_offsets[i].Key, file);
            if (order == 0) return new(StatusSequence, MetricSequence, _offsets.SetItem(i, new(file, offset)));
            if (order > 0) return new(StatusSequence, MetricSequence, _offsets.Insert(i, new(file, offset)));
        }
        return new(StatusSequence, MetricSequence, _offsets.Add(new(file, offset)));
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
                throw new FormatException($"'{part}' is not part of a job stream position (expected s=N;m=N;f:FILE=N).");
            }
            var key = part[..eq];
            position = key switch
            {
                "s" => position.WithStatus(value),
                "m" => position.WithMetric(value),
                _ when key.StartsWith("f:", StringComparison.Ordinal) => position.WithLogOffset(key[2..], value),
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
        return text.ToString();
    }

    /// <inheritdoc />
    public bool Equals(JobStreamPosition? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JobStreamPosition);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
