using System.Text;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>Makes the <see cref="JobLogBlockEvent"/>s of a local stream (<see cref="StreamOptions.LogLinesInBlocks"/>) from the blocks its tailers cut.</summary>
internal static class LogBlocks
{
    /// <summary>
    /// The block <paramref name="cut"/> of <paramref name="chunk"/>, whose secret search the redactor has begun: the
    /// bytes as written when no line can hold a secret (nearly always), else each line checked in order, as the
    /// per-line stream checks it, and the shown text of the lines kept in a table when one of them was redacted.
    /// </summary>
    public static JobLogBlockEvent Of(string name, JobStreamPosition position, string file, int rank, byte[] chunk, LogBlockCut cut,
        SecretLineRedactor redactor, string? stepName)
    {
        if (!redactor.ChunkIsClean && Redacted(chunk, cut, redactor) is { } table)
        {
            return new JobLogBlockEvent(name, position, file, rank, table.Bytes, table.Lines) { StepName = stepName };
        }
        return new JobLogBlockEvent(name, position, file, rank, cut.Offset, chunk, cut.Start, cut.End) { StepName = stepName };
    }

    // Each line of the block through the redactor; null when none was changed.
    private static (byte[] Bytes, LogLine[] Lines)? Redacted(byte[] chunk, LogBlockCut cut, SecretLineRedactor redactor)
    {
        var lines = new List<(long Offset, long NextOffset, int Start, int Length, string? Shown)>();
        var any = false;
        var offset = cut.Offset;
        for (var at = cut.Start; at < cut.End;)
        {
            var taken = LogLineSplitter.NextLine(chunk.AsSpan(at, cut.End - at), out var length);
            var shown = redactor.NeedsRedaction(chunk, at, length) ? redactor.Redact(Encoding.UTF8.GetString(chunk, at, length)) : null;
            any |= shown is not null;
            lines.Add((offset, offset + taken, at, length, shown));
            at += taken;
            offset += taken;
        }
        if (!any) return null;
        var bytes = new byte[lines.Sum(l => l.Shown is null ? l.Length : Encoding.UTF8.GetByteCount(l.Shown))];
        var table = new LogLine[lines.Count];
        var written = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var (lineOffset, next, start, length, shown) = lines[i];
            var count = shown is null ? Copy(chunk, start, length, bytes, written) : Encoding.UTF8.GetBytes(shown, 0, shown.Length, bytes, written);
            table[i] = new LogLine(lineOffset, next, written, count);
            written += count;
        }
        return (bytes, table);
    }

    private static int Copy(byte[] from, int start, int length, byte[] to, int at)
    {
        from.AsSpan(start, length).CopyTo(to.AsSpan(at));
        return length;
    }
}
