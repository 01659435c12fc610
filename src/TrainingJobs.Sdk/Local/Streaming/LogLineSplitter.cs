using System.Text;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Splits a log's bytes into lines, chunk by chunk, for every backend: the local one reads chunks from a file
/// (<see cref="LogTailer"/>), the Azure ML one from ranged blob reads. Bounded memory (at most one partial line), robust
/// to invalid UTF-8 (such bytes decode to U+FFFD). A line ends at <c>\n</c>, <c>\r\n</c> or a bare <c>\r</c> (progress
/// bars redraw a line with <c>\r</c> alone; held until the next <c>\n</c>, they would not show while they run).
/// </summary>
internal sealed class LogLineSplitter
{
    /// <summary>A line longer than this is delivered in pieces rather than buffered without bound.</summary>
    private const int MaxLineBytes = 1 << 20;

    private byte[] _partial = new byte[256];
    private int _partialLength;

    /// <summary>The last line ended with <c>\r</c>: a <c>\n</c> right after it belongs to that end.</summary>
    private bool _afterCarriageReturn;

    /// <summary>A splitter that starts at <paramref name="offset"/>, a line boundary.</summary>
    /// <param name="offset">The byte offset of the first byte it is given.</param>
    /// <param name="afterCarriageReturn">Whether the byte before <paramref name="offset"/> is <c>\r</c> (a <c>\n</c> next is then the rest of that line end, not an empty line).</param>
    public LogLineSplitter(long offset, bool afterCarriageReturn)
    {
        Offset = offset;
        _afterCarriageReturn = afterCarriageReturn;
    }

    /// <summary>The offset just after the last complete line delivered.</summary>
    public long Offset { get; private set; }

    /// <summary>Whether bytes of an unfinished line are held.</summary>
    public bool HasPartialLine => _partialLength > 0;

    /// <summary>The lines that the next <paramref name="count"/> bytes of <paramref name="chunk"/> complete; the rest is held for the next call.</summary>
    /// <remarks>Lazy: the chunk must not change until the result has been enumerated.</remarks>
    public IEnumerable<(long Offset, long NextOffset, string Text)> Split(byte[] chunk, int count)
    {
        var start = 0;
        while (start < count)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (chunk[start] == (byte)'\n')
                {
                    start++;
                    Offset++;
                    continue;
                }
            }
            var found = chunk.AsSpan(start, count - start).IndexOfAny((byte)'\n', (byte)'\r');
            var newline = found < 0 ? -1 : start + found;
            if (newline < 0)
            {
                Append(chunk.AsSpan(start, count - start));
                if (_partialLength >= MaxLineBytes) yield return TakePartial();
                break;
            }
            var lineOffset = Offset;
            var length = _partialLength + (newline - start);
            string text;
            if (_partialLength == 0) text = Decode(chunk.AsSpan(start, newline - start));
            else
            {
                Append(chunk.AsSpan(start, newline - start));
                text = Decode(_partial.AsSpan(0, _partialLength));
                _partialLength = 0;
            }
            Offset = lineOffset + length + 1;
            start = newline + 1;
            if (chunk[newline] == (byte)'\r')
            {
                if (start < count && chunk[start] == (byte)'\n')
                {
                    Offset++;
                    start++;
                }
                else if (start == count) _afterCarriageReturn = true;
            }
            yield return (lineOffset, Offset, text);
        }
    }

    /// <summary>The held unfinished line, for a log that will not grow again (its job has ended); none when nothing is held.</summary>
    public IEnumerable<(long Offset, long NextOffset, string Text)> Flush()
    {
        if (_partialLength > 0) yield return TakePartial();
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length) Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + bytes.Length));
        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    private (long, long, string) TakePartial()
    {
        var lineOffset = Offset;
        var text = Decode(_partial.AsSpan(0, _partialLength));
        Offset += _partialLength;
        _partialLength = 0;
        return (lineOffset, Offset, text);
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        return Encoding.UTF8.GetString(line);
    }
}
