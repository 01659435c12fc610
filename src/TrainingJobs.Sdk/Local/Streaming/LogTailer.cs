using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Reads the lines appended to one log file since the last call, from a byte offset: incremental (never the
/// whole file again), with a fixed buffer; the lines are split by <see cref="LogLineSplitter"/>.
/// </summary>
internal sealed class LogTailer : IDisposable
{
    private const int ChunkSize = 1 << 16;

    private readonly string _trustedBase;
    private readonly string _path;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private readonly long _startOffset;
    private FileStream? _stream;
    private LogLineSplitter? _splitter;

    public LogTailer(string path, long offset)
        : this(Path.GetDirectoryName(Path.GetFullPath(path))!, path, offset)
    {
    }

    /// <summary>A tailer for a log below <paramref name="trustedBase"/>: no folder after the base, nor the log itself, may be a link.</summary>
    public LogTailer(string trustedBase, string path, long offset)
    {
        _trustedBase = trustedBase;
        _path = path;
        _startOffset = offset;
    }

    /// <summary>The offset just after the last complete line delivered.</summary>
    public long Offset => _splitter?.Offset ?? _startOffset;

    /// <summary>Reads every complete line appended since the last call; with <paramref name="flush"/>, a final unterminated line too.</summary>
    public IEnumerable<(long Offset, long NextOffset, string Text)> ReadLines(bool flush)
    {
        if (_stream is null)
        {
            // The job owns this folder: it may have replaced the log with a link to a secret or to /dev/zero, or a FIFO.
            // Refused (or not there yet): tried again at the next poll; LogFolderCheck tells the user at Finalizing.
            _stream = DirectoryHandle.TryOpenFileBelow(_trustedBase, _path, out _);
            if (_stream is null) yield break;
            var afterCarriageReturn = false;
            if (_startOffset > 0)
            {
                // Resuming just after a '\r': a '\n' next is the rest of that line end, not an empty line.
                _stream.Seek(_startOffset - 1, SeekOrigin.Begin);
                afterCarriageReturn = _stream.ReadByte() == '\r';
            }
            _stream.Seek(_startOffset, SeekOrigin.Begin);
            _splitter = new LogLineSplitter(_startOffset, afterCarriageReturn);
        }
        int read;
        while ((read = _stream.Read(_chunk, 0, _chunk.Length)) > 0)
        {
            foreach (var line in _splitter!.Split(_chunk, read)) yield return line;
        }
        if (flush)
        {
            foreach (var line in _splitter!.Flush()) yield return line;
        }
    }

    public void Dispose() => _stream?.Dispose();
}
