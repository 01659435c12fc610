using System.Buffers;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// The secret values a job receives (variables whose name or value <see cref="SecretScanner"/> calls secret, the
/// local job's MLflow token among them), and the one redaction of text the job wrote or that quotes it: those values,
/// then every secret the scanner recognises, replaced by <see cref="SecretScanner.Redacted"/>. Built from the job's
/// environment wherever that is known (the supervisor; a stream reader from the stored plan or the Azure ML
/// definition), so the supervisor's messages, streamed log lines and anything exported later redact the same things.
/// </summary>
internal sealed class SecretValues
{
    // Shorter values are not replaced: replacing "1" or "yes" everywhere would garble every message.
    private const int ShortestReplaced = 4;

    /// <summary>Longest first, so of two values that start at the same place the longer one is replaced whole.</summary>
    private readonly string[] _values;

    /// <summary>All values in one set, to find where the next one starts.</summary>
    private readonly SearchValues<string>? _search;

    /// <summary>
    /// The values and the scanner's hints in one set, ignoring case: a line that holds none of them (nearly every log
    /// line) is ruled out in a single vectorised pass, before either search proper.
    /// </summary>
    private readonly SearchValues<string> _anything;

    private SecretValues(string[] values)
    {
        _values = values;
        _search = values.Length == 0 ? null : SearchValues.Create(values, StringComparison.Ordinal);
        _anything = SearchValues.Create([.. values.Concat(SecretScanner.Hints).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>No values: only what the scanner recognises is redacted.</summary>
    public static SecretValues None { get; } = new([]);

    /// <summary>How many values are replaced (whatever the scanner recognises is redacted besides).</summary>
    public int Count => _values.Length;

    /// <summary>The secrets among a job's environment variables.</summary>
    public static SecretValues Of(IEnumerable<KeyValuePair<string, string>> environment) => new(
        [.. environment.Where(v => v.Value.Length >= ShortestReplaced && (SecretScanner.IsSecretName(v.Key) || SecretScanner.Find(v.Value).Count > 0))
            .Select(v => v.Value).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)]);

    /// <summary>
    /// The text with every known secret value, and every secret the scanner recognises, redacted; the same instance when
    /// there is none (the common case costs two vectorised searches and no allocation).
    /// </summary>
    public string Redact(string text) => text.AsSpan().IndexOfAny(_anything) < 0 ? text : SecretScanner.Redact(RedactValues(text));

    /// <summary>
    /// Where the first value or scanner literal starts in <paramref name="text"/> (ignoring case), or -1: text without
    /// one is shown as it is by <see cref="Redact"/>. One vectorised search, for callers that rule out a whole chunk of
    /// lines at once (<see cref="SecretLineRedactor"/>).
    /// </summary>
    public int IndexOfCandidate(ReadOnlySpan<char> text) => text.IndexOfAny(_anything);

    /// <summary>A redactor for the successive lines of one log (it remembers an open private key block).</summary>
    public SecretLineRedactor ForLines() => new(this);

    private string RedactValues(string text)
    {
        if (_search is null) return text;
        var at = text.AsSpan().IndexOfAny(_search);
        if (at < 0) return text;
        var redacted = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        while (at >= 0)
        {
            redacted.Append(text, copied, at - copied).Append(SecretScanner.Redacted);
            copied = at + LongestAt(text, at).Length;
            var next = text.AsSpan(copied).IndexOfAny(_search);
            at = next < 0 ? -1 : copied + next;
        }
        return redacted.Append(text, copied, text.Length - copied).ToString();
    }

    // The longest value that starts at this index (IndexOfAny says where one starts, not which).
    private string LongestAt(string text, int at)
    {
        foreach (var value in _values)
        {
            if (text.AsSpan(at).StartsWith(value, StringComparison.Ordinal)) return value;
        }
        throw new InvalidOperationException("No value starts where the search found one.");
    }
}

/// <summary>
/// Redacts the lines of one log in order (<see cref="SecretValues.Redact"/> per line), and the lines of a PEM private key
/// block whose BEGIN line it saw, up to its END line: a key printed to a log is one secret over many lines.
/// </summary>
/// <remarks>
/// A log's lines come in chunks of bytes (<see cref="BeginChunk"/>, <see cref="NeedsRedaction"/>): an ASCII chunk is
/// searched once, whole, for the values and the scanner's literals, and only the lines holding one are redacted one by
/// one; the others (nearly all) are shown as written, never decoded here. None of the literals holds a line end, so a
/// line holds one exactly when a match starts within it: the same lines are redacted as line by line.
/// </remarks>
internal sealed class SecretLineRedactor(SecretValues secrets)
{
    private const string PemEnd = "-----END ";

    private bool _inPrivateKey;

    // The chunk begun, as chars when it is ASCII (same indexes as its bytes), and where the next candidate starts in it.
    private char[] _chars = [];
    private bool _ascii;
    private int _chunkStart;
    private int _chunkLength;
    private int _nextCandidate = -1;

    /// <summary>
    /// Begins the lines of <paramref name="chunk"/>[<paramref name="start"/>..<paramref name="end"/>) for
    /// <see cref="NeedsRedaction"/>: an ASCII chunk is searched once, whole.
    /// </summary>
    public void BeginChunk(byte[] chunk, int start, int end)
    {
        var bytes = chunk.AsSpan(start, end - start);
        _chunkStart = start;
        _chunkLength = bytes.Length;
        if (_chars.Length < bytes.Length) _chars = new char[Math.Max(bytes.Length, 64 * 1024)];
        // Checked and widened in one pass: a byte that is not ASCII stops it.
        _ascii = System.Text.Ascii.ToUtf16(bytes, _chars, out _) == System.Buffers.OperationStatus.Done;
        if (!_ascii) return;
        _nextCandidate = secrets.IndexOfCandidate(_chars.AsSpan(0, bytes.Length));
    }

    /// <summary>Whether no line of the chunk begun needs <see cref="Redact"/>: it is ASCII and holds no candidate, and no private key is open.</summary>
    public bool ChunkIsClean => !_inPrivateKey && _ascii && _nextCandidate < 0;

    /// <summary>
    /// Whether the line <paramref name="chunk"/>[<paramref name="start"/>..+<paramref name="length"/>) of the chunk begun
    /// must go through <see cref="Redact"/>; when not, it is shown exactly as written. Lines are asked in order.
    /// </summary>
    public bool NeedsRedaction(byte[] chunk, int start, int length)
    {
        if (_inPrivateKey) return true;
        if (_ascii)
        {
            var at = start - _chunkStart;
            if (_nextCandidate >= 0 && _nextCandidate < at)
            {
                // A candidate in an earlier line: search on from this one.
                var next = secrets.IndexOfCandidate(_chars.AsSpan(at, _chunkLength - at));
                _nextCandidate = next < 0 ? -1 : at + next;
            }
            return _nextCandidate >= 0 && _nextCandidate < at + length;
        }
        var line = chunk.AsSpan(start, length);
        if (line.Length > 4096) return true;
        Span<char> chars = stackalloc char[System.Text.Encoding.UTF8.GetMaxCharCount(line.Length)];
        var count = System.Text.Encoding.UTF8.GetChars(line, chars);
        return secrets.IndexOfCandidate(chars[..count]) >= 0;
    }

    /// <summary>The line as it may be shown.</summary>
    public string Redact(string line)
    {
        if (_inPrivateKey)
        {
            var end = line.IndexOf(PemEnd, StringComparison.Ordinal);
            if (end < 0) return SecretScanner.Redacted;
            _inPrivateKey = false;
            // What follows the END line's closing dashes is shown (redacted as any line).
            var close = line.IndexOf("-----", end + PemEnd.Length, StringComparison.Ordinal);
            var rest = close < 0 ? "" : line[(close + "-----".Length)..];
            return SecretScanner.Redacted + secrets.Redact(rest);
        }
        var redacted = secrets.Redact(line);
        // Only a line the scanner changed can hold a BEGIN line: the check costs nothing on the others.
        if (!ReferenceEquals(redacted, line) && SecretScanner.OpensPrivateKeyBlock(line)) _inPrivateKey = true;
        return redacted;
    }
}
