using System.Text;
using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Reads the lines appended to one log file since the last call, from a byte offset: incremental (never the whole
/// file again), cut in place by <see cref="LogLineSplitter.Cut"/> out of chunks that are never written again once
/// lines were cut from them. So a line can be handed on as a slice of its chunk (<see cref="Chunk"/>,
/// <see cref="Lines"/>) and decoded only if someone reads it; a chunk lives as long as something refers to it.
/// Memory stays flat in the log's size: one chunk being filled, plus the ones still referred to.
/// </summary>
internal sealed class LogTailer : IDisposable
{
    /// <summary>Below the large-object heap's threshold: a chunk is a cheap, short-lived allocation.</summary>
    private const int ChunkSize = 64 * 1024;

    private readonly string _trustedBase;
    private readonly string _path;
    private readonly long _startOffset;
    private readonly List<LogLine> _lines = [];
    private FileStream? _stream;
    private LogLineSplitter? _splitter;

    // Bytes [_lineStart, _end) of the chunk are an unfinished line; below _lineStart, lines handed out (immutable);
    // from _end on, free space the next read fills.
    private byte[] _chunk = [];
    private int _lineStart;
    private int _end;

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

    /// <summary>The chunk the <see cref="Lines"/> of the last <see cref="Read"/> are slices of; never written again where they lie.</summary>
    public byte[] Chunk => _chunk;

    /// <summary>The lines the last <see cref="Read"/> completed (valid until the next call).</summary>
    public IReadOnlyList<LogLine> Lines => _lines;

    /// <summary>
    /// Reads the next part of the log (at most a chunk) and cuts the lines it completes into <see cref="Lines"/>; with
    /// <paramref name="flush"/>, at the end of the log a final unterminated line too. False when there was nothing more.
    /// </summary>
    public bool Read(bool flush)
    {
        _lines.Clear();
        var read = Fill();
        if (read < 0) return false;
        if (read == 0)
        {
            if (!flush || _end == _lineStart) return false;
            _lineStart = _splitter!.CutRest(_lineStart, _end, _lines);
            return true;
        }
        _end += read;
        _lineStart = _splitter!.Cut(_chunk, _lineStart, _end, _lines);
        return true;
    }

    /// <summary>
    /// Reads the next part of the log (at most a chunk) and cuts the lines it completes as one block of
    /// <see cref="Chunk"/> (<see cref="Block"/>), without a look at each line: the block's lines are found when they are
    /// read (<see cref="LogLineSplitter.NextLine"/>). With <paramref name="flush"/>, at the end of the log a final
    /// unterminated line too. False when there was nothing more; the block may be empty when a read completed no line.
    /// </summary>
    public bool ReadBlock(bool flush)
    {
        Block = default;
        var read = Fill();
        if (read < 0) return false;
        if (read == 0)
        {
            if (!flush || _end == _lineStart) return false;
            _lineStart = _splitter!.CutBlockRest(_lineStart, _end, out var rest);
            Block = rest;
            return true;
        }
        _end += read;
        _lineStart = _splitter!.CutBlock(_chunk, _lineStart, _end, out var block);
        Block = block;
        return true;
    }

    /// <summary>
    /// Reads blocks (<see cref="ReadBlock"/>) until <paramref name="max"/> hold lines, adding those to
    /// <paramref name="blocks"/> with their chunks; false when the log had nothing more to read, true when more may follow.
    /// </summary>
    public bool ReadBlocks(bool flush, List<(byte[] Chunk, LogBlockCut Cut)> blocks, int max)
    {
        var found = 0;
        while (found < max)
        {
            if (!ReadBlock(flush)) return false;
            if (Block.IsEmpty) continue;
            blocks.Add((Chunk, Block));
            found++;
        }
        return true;
    }

    /// <summary>The block of <see cref="Chunk"/> the last <see cref="ReadBlock"/> cut (valid until the next call; the bytes it covers never change).</summary>
    public LogBlockCut Block { get; private set; }

    // Reads into the free space of the chunk (a fresh chunk when it is full): the bytes read, 0 at the end of the log
    // for now, -1 when the log cannot be opened (yet).
    private int Fill()
    {
        if (!Open()) return -1;
        if (_end == _chunk.Length)
        {
            // Full: the unfinished line moves to a fresh chunk; the old one stays as it is for the lines that refer to it.
            var pending = _end - _lineStart;
            var size = Math.Max(ChunkSize, pending * 2);
            var fresh = GC.AllocateUninitializedArray<byte>(size);
            _chunk.AsSpan(_lineStart, pending).CopyTo(fresh);
            _chunk = fresh;
            _lineStart = 0;
            _end = pending;
        }
        return _stream!.Read(_chunk, _end, _chunk.Length - _end);
    }

    /// <summary>Reads every complete line appended since the last call, decoded; with <paramref name="flush"/>, a final unterminated line too.</summary>
    /// <remarks>For tests and tools; streaming uses <see cref="Read"/> and decodes only what is read.</remarks>
    public IEnumerable<(long Offset, long NextOffset, string Text)> ReadLines(bool flush)
    {
        while (Read(flush))
        {
            foreach (var line in _lines) yield return (line.Offset, line.NextOffset, Encoding.UTF8.GetString(_chunk, line.Start, line.Length));
        }
    }

    private bool Open()
    {
        if (_stream is not null) return true;
        // The job owns this folder: it may have replaced the log with a link to a secret or to /dev/zero, or a FIFO.
        // Refused (or not there yet): tried again at the next poll; LogFolderCheck tells the user at Finalizing.
        _stream = DirectoryHandle.TryOpenFileBelow(_trustedBase, _path, out _);
        if (_stream is null) return false;
        var afterCarriageReturn = false;
        if (_startOffset > 0)
        {
            // Resuming just after a '\r': a '\n' next is the rest of that line end, not an empty line.
            _stream.Seek(_startOffset - 1, SeekOrigin.Begin);
            afterCarriageReturn = _stream.ReadByte() == '\r';
        }
        _stream.Seek(_startOffset, SeekOrigin.Begin);
        _splitter = new LogLineSplitter(_startOffset, afterCarriageReturn);
        return true;
    }

    public void Dispose() => _stream?.Dispose();
}
