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
        var at = start;
        if (_afterCarriageReturn && at < end)
        {
            _afterCarriageReturn = false;
            if (buffer[at] == (byte)'\n')
            {
                at++;
                Offset++;
            }
        }
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
