using System.Text;
using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Reads the lines appended to one log file since the last call, from a byte offset: incremental (never the
/// whole file again), bounded memory (a fixed buffer plus at most one partial line), and robust to invalid UTF-8
/// (such bytes decode to U+FFFD). A line ends at <c>\n</c>, <c>\r\n</c> or a bare <c>\r</c> (progress bars redraw a
/// line with <c>\r</c> alone; held until the next <c>\n</c>, they would not show while they run).
/// </summary>
internal sealed class LogTailer : IDisposable
{
    private const int ChunkSize = 1 << 16;

    /// <summary>A line longer than this is delivered in pieces rather than buffered without bound.</summary>
    private const int MaxLineBytes = 1 << 20;

    private readonly string _trustedBase;
    private readonly string _path;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private FileStream? _stream;
    private byte[] _partial = new byte[256];
    private int _partialLength;

    /// <summary>The last line ended with <c>\r</c>: a <c>\n</c> right after it belongs to that end.</summary>
    private bool _afterCarriageReturn;

    public LogTailer(string path, long offset)
        : this(Path.GetDirectoryName(Path.GetFullPath(path))!, path, offset)
    {
    }

    /// <summary>A tailer for a log below <paramref name="trustedBase"/>: no folder after the base, nor the log itself, may be a link.</summary>
    public LogTailer(string trustedBase, string path, long offset)
    {
        _trustedBase = trustedBase;
        _path = path;
        Offset = offset;
    }

    /// <summary>The offset just after the last complete line delivered.</summary>
    public long Offset { get; private set; }

    /// <summary>Reads every complete line appended since the last call; with <paramref name="flush"/>, a final unterminated line too.</summary>
    public IEnumerable<(long Offset, long NextOffset, string Text)> ReadLines(bool flush)
    {
        if (_stream is null)
        {
            // The job owns this folder: it may have replaced the log with a link to a secret or to /dev/zero, or a FIFO.
            // Refused (or not there yet): tried again at the next poll; LogFolderCheck tells the user at Finalizing.
            _stream = DirectoryHandle.TryOpenFileBelow(_trustedBase, _path, out _);
            if (_stream is null) yield break;
            if (Offset > 0)
            {
                // Resuming just after a '\r': a '\n' next is the rest of that line end, not an empty line.
                _stream.Seek(Offset - 1, SeekOrigin.Begin);
                _afterCarriageReturn = _stream.ReadByte() == '\r';
            }
            _stream.Seek(Offset, SeekOrigin.Begin);
        }
        int read;
        while ((read = _stream.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                if (_afterCarriageReturn)
                {
                    _afterCarriageReturn = false;
                    if (_chunk[start] == (byte)'\n')
                    {
                        start++;
                        Offset++;
                        continue;
                    }
                }
                var found = _chunk.AsSpan(start, read - start).IndexOfAny((byte)'\n', (byte)'\r');
                var newline = found < 0 ? -1 : start + found;
                if (newline < 0)
                {
                    Append(_chunk.AsSpan(start, read - start));
                    if (_partialLength >= MaxLineBytes) yield return TakePartial();
                    break;
                }
                var lineOffset = Offset;
                var length = _partialLength + (newline - start);
                string text;
                if (_partialLength == 0) text = Decode(_chunk.AsSpan(start, newline - start));
                else
                {
                    Append(_chunk.AsSpan(start, newline - start));
                    text = Decode(_partial.AsSpan(0, _partialLength));
                    _partialLength = 0;
                }
                Offset = lineOffset + length + 1;
                start = newline + 1;
                if (_chunk[newline] == (byte)'\r')
                {
                    if (start < read && _chunk[start] == (byte)'\n')
                    {
                        Offset++;
                        start++;
                    }
                    else if (start == read) _afterCarriageReturn = true;
                }
                yield return (lineOffset, Offset, text);
            }
        }
        if (flush && _partialLength > 0) yield return TakePartial();
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

    public void Dispose() => _stream?.Dispose();
}
