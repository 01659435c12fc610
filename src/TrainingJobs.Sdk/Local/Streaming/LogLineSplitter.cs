using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>One line cut out of a buffer: its offsets in the log, and where its text (without the line end) lies in the buffer.</summary>
/// <param name="Offset">The byte offset of the line's start in the log.</param>
/// <param name="NextOffset">The byte offset just after its line end.</param>
/// <param name="Start">Where its text starts in the buffer it was cut from.</param>
/// <param name="Length">The length of its text in bytes.</param>
internal readonly record struct LogLine(long Offset, long NextOffset, int Start, int Length);

/// <summary>A block of whole lines cut out of a buffer (<see cref="LogLineSplitter.CutBlock"/>): the offset of its first byte in the log, and where it lies in the buffer.</summary>
/// <param name="Offset">The byte offset of the block's first byte in the log.</param>
/// <param name="Start">Where the block starts in the buffer.</param>
/// <param name="End">Where it ends in the buffer (exclusive); <see cref="Start"/> when no line was completed.</param>
internal readonly record struct LogBlockCut(long Offset, int Start, int End)
{
    /// <summary>Whether the block holds no byte.</summary>
    public bool IsEmpty => End == Start;
}

/// <summary>
/// Splits a log's bytes into lines, chunk by chunk, for every backend: the local one cuts lines in place out of the
/// chunks it reads from a file (<see cref="LogTailer"/>, <see cref="Cut"/>), the Azure ML one gets strings from ranged
/// blob reads (<see cref="Split"/>). Bounded memory (at most one partial line), robust to invalid UTF-8 (such bytes
/// decode to U+FFFD). A line ends at <c>\n</c>, <c>\r\n</c> or a bare <c>\r</c> (progress bars redraw a line with
/// <c>\r</c> alone; held until the next <c>\n</c>, they would not show while they run).
/// </summary>
internal sealed class LogLineSplitter
{
    /// <summary>A line longer than this is delivered in pieces rather than buffered without bound.</summary>
    public const int MaxLineBytes = 1 << 20;

    // For Split only: the bytes received and not yet cut into lines (at most one partial line between calls).
    private byte[] _pending = [];
    private int _pendingLength;
    private readonly List<LogLine> _cut = [];

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

    /// <summary>Whether bytes of an unfinished line are held (by <see cref="Split"/>).</summary>
    public bool HasPartialLine => _pendingLength > 0;

    /// <summary>
    /// Cuts the complete lines out of <paramref name="buffer"/>[<paramref name="start"/>..<paramref name="end"/>), whose
    /// first byte is at <see cref="Offset"/> in the log, into <paramref name="lines"/>; nothing is copied or decoded.
    /// </summary>
    /// <returns>Where the unfinished rest starts: the caller gives it again, with what follows it, at the next call.</returns>
    public int Cut(byte[] buffer, int start, int end, List<LogLine> lines)
    {
        var at = SkipRestOfLineEnd(buffer, start, end);
        // The line ends of a 64-byte block at a time, as a bit mask (bit i: byte blockAt + i is '\n' or '\r'): one
        // vector compare per block instead of a search started per line, which at 100-byte lines cost more than the
        // bytes it looked at. Bits below the start of the current line are cleared as lines are cut.
        var blockAt = at;
        var mask = LineEnds(buffer, blockAt, end);
        while (true)
        {
            while (mask == 0)
            {
                blockAt += BlockSize;
                if (blockAt >= end)
                {
                    if (end - at >= MaxLineBytes) at = CutRest(at, end, lines);
                    return at;
                }
                mask = LineEnds(buffer, blockAt, end);
                // A "\r\n" that straddled the blocks: its '\n' (before the current line's start) is no line end.
                if (at > blockAt) mask &= ulong.MaxValue << (at - blockAt);
            }
            var lineEnd = blockAt + BitOperations.TrailingZeroCount(mask);
            var next = lineEnd + 1;
            if (buffer[lineEnd] == (byte)'\r')
            {
                if (next < end && buffer[next] == (byte)'\n') next++;
                else if (next == end) _afterCarriageReturn = true;
            }
            var lineOffset = Offset;
            Offset = lineOffset + (next - at);
            lines.Add(new LogLine(lineOffset, Offset, at, lineEnd - at));
            at = next;
            var consumed = at - blockAt;
            mask = consumed >= BlockSize ? 0 : mask & (ulong.MaxValue << consumed);
        }
    }

    /// <summary>
    /// Cuts the complete lines of <paramref name="buffer"/>[<paramref name="start"/>..<paramref name="end"/>) (first
    /// byte at <see cref="Offset"/>) as one block, without looking at each line: after the rest of a <c>\r\n</c> begun
    /// before <paramref name="start"/>, up to and including the last line end (and, when the unfinished rest has reached
    /// <see cref="MaxLineBytes"/>, that rest as a piece). Its lines are those <see cref="NextLine"/> finds in it.
    /// </summary>
    /// <returns>Where the unfinished rest starts: the caller gives it again, with what follows it, at the next call.</returns>
    public int CutBlock(byte[] buffer, int start, int end, out LogBlockCut block)
    {
        var at = SkipRestOfLineEnd(buffer, start, end);
        // Only the last line end matters, and it is near the end: searched from there.
        var last = buffer.AsSpan(at, end - at).LastIndexOfAny((byte)'\n', (byte)'\r');
        var next = last < 0 ? at : at + last + 1;
        // A '\r' last: its '\n', if one follows, is the start of the next read (then skipped, as by Cut).
        if (last >= 0 && next == end && buffer[last + at] == (byte)'\r') _afterCarriageReturn = true;
        if (end - next >= MaxLineBytes)
        {
            _afterCarriageReturn = false;
            next = end;
        }
        block = new LogBlockCut(Offset, at, next);
        Offset += next - at;
        return next;
    }

    /// <summary>For a log that will not grow again: the unfinished rest given to <see cref="CutBlock"/>, as a block of its last line.</summary>
    public int CutBlockRest(int start, int end, out LogBlockCut block)
    {
        block = new LogBlockCut(Offset, start, Math.Max(start, end));
        Offset += block.End - start;
        return block.End;
    }

    /// <summary>
    /// The first line of <paramref name="rest"/>, which starts at a line start: how long its text is (without the line
    /// end) and how many bytes it takes with its line end. The rule <see cref="Cut"/> applies, for the lines of a block
    /// cut by <see cref="CutBlock"/>: a line ends at <c>\n</c>, <c>\r\n</c> or a bare <c>\r</c>; bytes after the last
    /// line end (a block's final piece or flushed rest) are a line of their own.
    /// </summary>
    public static int NextLine(ReadOnlySpan<byte> rest, out int textLength)
    {
        var end = rest.IndexOfAny((byte)'\n', (byte)'\r');
        if (end < 0)
        {
            textLength = rest.Length;
            return rest.Length;
        }
        textLength = end;
        return rest[end] == (byte)'\r' && end + 1 < rest.Length && rest[end + 1] == (byte)'\n' ? end + 2 : end + 1;
    }

    /// <summary>Where the next line starts: after a <c>\n</c> at <paramref name="start"/> that completes a <c>\r\n</c> whose <c>\r</c> ended the last cut.</summary>
    private int SkipRestOfLineEnd(byte[] buffer, int start, int end)
    {
        if (!_afterCarriageReturn || start >= end) return start;
        _afterCarriageReturn = false;
        if (buffer[start] != (byte)'\n') return start;
        Offset++;
        return start + 1;
    }

    private const int BlockSize = 64;

    /// <summary>Bit i set: <paramref name="buffer"/>[<paramref name="blockAt"/> + i] is <c>\n</c> or <c>\r</c> (for the block's bytes before <paramref name="end"/>).</summary>
    private static ulong LineEnds(byte[] buffer, int blockAt, int end)
    {
        if (end - blockAt >= BlockSize)
        {
            ref var first = ref MemoryMarshal.GetArrayDataReference(buffer);
            if (Vector512.IsHardwareAccelerated)
            {
                var block = Vector512.LoadUnsafe(ref first, (nuint)blockAt);
                return (Vector512.Equals(block, Vector512.Create((byte)'\n')) | Vector512.Equals(block, Vector512.Create((byte)'\r'))).ExtractMostSignificantBits();
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var low = Vector256.LoadUnsafe(ref first, (nuint)blockAt);
                var high = Vector256.LoadUnsafe(ref first, (nuint)blockAt + 32);
                var lowBits = (Vector256.Equals(low, Vector256.Create((byte)'\n')) | Vector256.Equals(low, Vector256.Create((byte)'\r'))).ExtractMostSignificantBits();
                var highBits = (Vector256.Equals(high, Vector256.Create((byte)'\n')) | Vector256.Equals(high, Vector256.Create((byte)'\r'))).ExtractMostSignificantBits();
                return lowBits | ((ulong)highBits << 32);
            }
            if (Vector128.IsHardwareAccelerated)
            {
                ulong bits = 0;
                for (var i = 0; i < BlockSize; i += 16)
                {
                    var part = Vector128.LoadUnsafe(ref first, (nuint)(blockAt + i));
                    bits |= (ulong)(Vector128.Equals(part, Vector128.Create((byte)'\n')) | Vector128.Equals(part, Vector128.Create((byte)'\r'))).ExtractMostSignificantBits() << i;
                }
                return bits;
            }
        }
        ulong tail = 0;
        var stop = Math.Min(end, blockAt + BlockSize);
        for (var i = blockAt; i < stop; i++)
        {
            if (buffer[i] is (byte)'\n' or (byte)'\r') tail |= 1UL << (i - blockAt);
        }
        return tail;
    }

    /// <summary>
    /// For a log that will not grow again (its job has ended): the unfinished rest, bytes
    /// [<paramref name="start"/>..<paramref name="end"/>) of the buffer given to <see cref="Cut"/>, as a last line, when there is one.
    /// </summary>
    public int CutRest(int start, int end, List<LogLine> lines)
    {
        if (end <= start) return start;
        var lineOffset = Offset;
        Offset += end - start;
        lines.Add(new LogLine(lineOffset, Offset, start, end - start));
        return end;
    }

    /// <summary>The lines that the next <paramref name="count"/> bytes of <paramref name="chunk"/> complete; the rest is held for the next call.</summary>
    public IEnumerable<(long Offset, long NextOffset, string Text)> Split(byte[] chunk, int count)
    {
        if (_pendingLength + count > _pending.Length) Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + count));
        chunk.AsSpan(0, count).CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += count;
        return Take(Cut(_pending, 0, _pendingLength, _cut));
    }

    /// <summary>The held unfinished line, for a log that will not grow again (its job has ended); none when nothing is held.</summary>
    public IEnumerable<(long Offset, long NextOffset, string Text)> Flush() => Take(CutRest(0, _pendingLength, _cut));

    // The lines cut, decoded, and the unfinished rest moved to the front of the pending bytes.
    private List<(long, long, string)> Take(int consumed)
    {
        var lines = new List<(long, long, string)>(_cut.Count);
        foreach (var line in _cut) lines.Add((line.Offset, line.NextOffset, Encoding.UTF8.GetString(_pending, line.Start, line.Length)));
        _cut.Clear();
        _pending.AsSpan(consumed, _pendingLength - consumed).CopyTo(_pending);
        _pendingLength -= consumed;
        return lines;
    }
}
