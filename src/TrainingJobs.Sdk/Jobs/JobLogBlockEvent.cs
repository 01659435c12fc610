using System.Text;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// Consecutive lines the job wrote to one log file, read together: what <see cref="TrainingJobsClient.StreamAsync"/>
/// yields in place of one <see cref="JobLogEvent"/> per line when <see cref="StreamOptions.LogLinesInBlocks"/> is set.
/// </summary>
/// <remarks>
/// For throughput on large logs: the local backend hands out each block of the log it reads (up to 64 KB) as it is,
/// without a look at each line or an object per line; the lines are found as <see cref="Lines"/> is enumerated, and
/// each one's text is decoded only if asked for (<see cref="JobLogLine.Text"/>). The bytes never change, so a block
/// may be kept and read later, from any thread; holding it holds its block of the log. The lines, offsets and
/// redaction are those of the per-line stream: the same lines, split by the same rule, with the same secrets hidden.
/// Backends that read lines one at a time (Azure ML) yield a block per line.
/// </remarks>
public sealed class JobLogBlockEvent : JobEvent
{
    // The block's bytes: the lines as written, bytes[start..end) (table null, the lines found by the line rule), or,
    // where a line had to be redacted, the lines' shown text one after another with a table of where each lies.
    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly int _end;
    private readonly LogLine[]? _table;

    // The lines as written: bytes[start..end) holds whole lines (a last one may lack its line end), the first at offset.
    internal JobLogBlockEvent(string jobName, JobStreamPosition basePosition, string file, int rank, long offset, byte[] bytes, int start, int end)
        : base(jobName, basePosition, file, offset + (end - start))
    {
        Rank = rank;
        Offset = offset;
        NextOffset = offset + (end - start);
        _bytes = bytes;
        _start = start;
        _end = end;
    }

    // Lines given one by one: each table entry's text is bytes[Start..Start+Length), its offsets those of the log.
    internal JobLogBlockEvent(string jobName, JobStreamPosition basePosition, string file, int rank, byte[] bytes, LogLine[] table)
        : base(jobName, basePosition, file, table[^1].NextOffset)
    {
        Rank = rank;
        Offset = table[0].Offset;
        NextOffset = table[^1].NextOffset;
        _bytes = bytes;
        _table = table;
    }

    /// <summary>The log file, relative to the job's artifacts (e.g. <c>user_logs/std_log.txt</c>), as <see cref="JobLogEvent.File"/>.</summary>
    public string File => LogFile!;

    /// <summary>The process rank that wrote the lines (0 for a job that is not distributed).</summary>
    public int Rank { get; }

    /// <summary>The byte offset of the first line's start in <see cref="File"/>.</summary>
    public long Offset { get; }

    /// <summary>The byte offset just after the last line (and its line end) in <see cref="File"/>.</summary>
    public long NextOffset { get; }

    /// <summary>The lines, in order: <c>foreach (var line in block.Lines)</c>.</summary>
    public LineCollection Lines => new(this);

    /// <summary>How many lines the block holds: its line ends counted in one vectorised pass, no line looked at alone.</summary>
    public int CountLines()
    {
        if (_table is not null) return _table.Length;
        var bytes = _bytes.AsSpan(_start, _end - _start);
        if (bytes.IsEmpty) return 0;
        // The line rule (LogLineSplitter.NextLine) counted: every '\n' and '\r' ends a line, but a "\r\n" ends one;
        // bytes after the last line end (a final piece or flushed rest) are a line of their own.
        var carriageReturns = bytes.Count((byte)'\r');
        var ends = bytes.Count((byte)'\n') + carriageReturns - (carriageReturns == 0 ? 0 : bytes.Count("\r\n"u8));
        return ends + (bytes[^1] is (byte)'\n' or (byte)'\r' ? 0 : 1);
    }

    /// <summary>The lines' text, one per line (each ended with <c>\n</c>).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var line in Lines) text.Append(line.Text).Append('\n');
        return text.ToString();
    }

    /// <summary>The lines of a <see cref="JobLogBlockEvent"/>, to enumerate with <c>foreach</c>.</summary>
    public readonly struct LineCollection
    {
        private readonly JobLogBlockEvent _block;

        internal LineCollection(JobLogBlockEvent block) => _block = block;

        /// <summary>An enumerator over the lines.</summary>
        public Enumerator GetEnumerator() => new(_block);

        /// <summary>Finds the lines of a block one at a time.</summary>
        public ref struct Enumerator
        {
            private readonly JobLogBlockEvent _block;
            private int _at;
            private int _index;
            private long _offset;
            private JobLogLine _current;

            internal Enumerator(JobLogBlockEvent block)
            {
                _block = block;
                _at = block._start;
                _offset = block.Offset;
            }

            /// <summary>The current line.</summary>
            public readonly JobLogLine Current => _current;

            /// <summary>Moves to the next line; false after the last.</summary>
            public bool MoveNext()
            {
                if (_block._table is { } table)
                {
                    if (_index >= table.Length) return false;
                    var entry = table[_index++];
                    _current = new JobLogLine(entry.Offset, entry.NextOffset, _block._bytes.AsSpan(entry.Start, entry.Length));
                    return true;
                }
                if (_at >= _block._end) return false;
                var rest = _block._bytes.AsSpan(_at, _block._end - _at);
                var taken = LogLineSplitter.NextLine(rest, out var length);
                _current = new JobLogLine(_offset, _offset + taken, rest[..length]);
                _at += taken;
                _offset += taken;
                return true;
            }
        }
    }
}

/// <summary>One line of a <see cref="JobLogBlockEvent"/>: where it lies in the log, and its bytes (valid while the enumeration that found it runs).</summary>
public readonly ref struct JobLogLine
{
    internal JobLogLine(long offset, long nextOffset, ReadOnlySpan<byte> utf8)
    {
        Offset = offset;
        NextOffset = nextOffset;
        Utf8 = utf8;
    }

    /// <summary>The byte offset of the line's start in the log file.</summary>
    public long Offset { get; }

    /// <summary>The byte offset just after its line end.</summary>
    public long NextOffset { get; }

    /// <summary>The line's UTF-8 bytes without its line end, secrets redacted, as the job wrote them (not checked to be valid UTF-8).</summary>
    public ReadOnlySpan<byte> Utf8 { get; }

    /// <summary>The line decoded (a new string each time); bytes that are not valid UTF-8 appear as U+FFFD, as in <see cref="JobLogEvent.Text"/>.</summary>
    public string Text => Encoding.UTF8.GetString(Utf8);

    /// <inheritdoc cref="Text"/>
    public override string ToString() => Text;
}
