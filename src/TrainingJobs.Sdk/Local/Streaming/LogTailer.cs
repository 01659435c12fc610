using System.Text;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Reads the lines appended to one log file since the last call, from a byte offset: incremental (never the
/// whole file again), bounded memory (a fixed buffer plus at most one partial line), and robust to invalid UTF-8
/// (such bytes decode to U+FFFD).
/// </summary>
internal sealed class LogTailer : IDisposable
{
    private const int ChunkSize = 1 << 16;

    /// <summary>A line longer than this is delivered in pieces rather than buffered without bound.</summary>
    private const int MaxLineBytes = 1 << 20;

    private readonly string _path;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private FileStream? _stream;
    private byte[] _partial = new byte[256];
    private int _partialLength;

    public LogTailer(string path, long offset)
    {
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
            if (!File.Exists(_path)) yield break;
            _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            _stream.Seek(Offset, SeekOrigin.Begin);
        }
        int read;
        while ((read = _stream.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(_chunk, (byte)'\n', start, read - start);
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
                yield return (lineOffset, Offset, text);
                start = newline + 1;
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
