using System.Diagnostics.CodeAnalysis;
using System.Text;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// The <c>SHA256SUMS</c> file of an evidence bundle: one line per regular file of the folder in GNU coreutils
/// format (<c>&lt;64 hex&gt;  &lt;path&gt;\n</c>, paths relative with <c>/</c>, sorted by their bytes as
/// <c>LC_ALL=C sort</c> does), so an auditor can check a bundle with nothing but <c>sha256sum -c SHA256SUMS</c>.
/// </summary>
/// <remarks>
/// The folder is walked with <see cref="FileTree"/>: links are never followed and devices, FIFOs and sockets never
/// opened. A bundle must hold only regular files and folders, so any other entry is a problem that stops a write
/// and fails a verification; problems are returned, never thrown.
/// </remarks>
internal static class Sha256Sums
{
    /// <summary>The name of the sums file, at the top of the folder.</summary>
    public const string FileName = "SHA256SUMS";

    /// <summary>
    /// A detached signature of <see cref="FileName"/>, at the top of the folder: left out of the sums (it is written
    /// after them), like the sums file itself.
    /// </summary>
    public const string SignatureFileName = "SHA256SUMS.sig";

    // Far above the lines of TreeLimits.Default's 100 000 entries; a bigger file is not a sums file we wrote.
    private const int MaxSumsBytes = 64 << 20;

    /// <summary>Whether a path relative to the folder is one of the two files the sums leave out.</summary>
    public static bool IsListingFile(string relativePath) => relativePath is FileName or SignatureFileName;

    /// <summary>
    /// Writes <c>SHA256SUMS</c> for every regular file of <paramref name="folder"/> (replacing one already there).
    /// Nothing is written when the folder holds a link, a device, a FIFO, a socket or a name with a line break, or
    /// when the walk reached a limit: each is a problem in the result.
    /// </summary>
    public static Sha256SumsResult Write(string folder)
    {
        try
        {
            using var root = DirectoryHandle.TryOpen(folder, out var refusal);
            if (root is null) return Sha256SumsResult.Failed([refusal!]);
            var tree = Walk(root);
            var problems = Problems(tree);
            foreach (var (path, _, _, _) in tree.Manifest)
            {
                if (path.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') >= 0)
                {
                    problems.Add($"{PathBytes.Display(path)}: its name has a line break, which a SHA256SUMS line cannot carry");
                }
            }
            if (problems.Count > 0) return Sha256SumsResult.Failed(problems);
            var text = Format(tree.Manifest.Select(m => (m.Path, m.Sha256)));
            var written = root.WriteFile(PathBytes.Terminated(Encoding.ASCII.GetBytes(FileName)), (UnixFileMode)0x1A4, s => s.Write(text));
            return written is null
                ? new Sha256SumsResult(true, tree.Manifest.Count, [])
                : Sha256SumsResult.Failed([$"{FileName}: {written}"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Sha256SumsResult.Failed([$"{folder}: {e.Message}"]);
        }
    }

    /// <summary>
    /// Checks <paramref name="folder"/> against its <c>SHA256SUMS</c>: every listed file whose content changed, every
    /// listed file that is gone, every file that is not listed, and every problem (a malformed line, a path that
    /// leaves the folder, a link or special file, an unreadable sums file).
    /// </summary>
    public static Sha256SumsCheck Verify(string folder)
    {
        try
        {
            using var root = DirectoryHandle.TryOpen(folder, out var refusal);
            if (root is null) return Sha256SumsCheck.Failed([refusal!]);
            var sums = ReadSums(root, out var sumsProblem);
            if (sums is null) return Sha256SumsCheck.Failed([$"{FileName}: {sumsProblem}"]);
            var problems = new List<string>();
            var listed = Parse(sums, problems);
            var tree = Walk(root);
            problems.AddRange(Problems(tree));

            var actual = tree.Manifest.ToDictionary(e => Key(e.Path), e => e.Sha256, StringComparer.Ordinal);
            var refused = tree.Skipped.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
            var modified = new List<byte[]>();
            var removed = new List<byte[]>();
            foreach (var (path, sha) in listed)
            {
                if (actual.Remove(Key(path), out var found))
                {
                    if (!string.Equals(found, sha, StringComparison.Ordinal)) modified.Add(path);
                }
                else if (!refused.Contains(PathBytes.Display(path)))
                {
                    // A listed path that is now a link or a FIFO is already a problem, naming it with the reason.
                    removed.Add(path);
                }
            }
            var added = actual.Keys.Select(k => Encoding.Latin1.GetBytes(k)).ToList();
            return new Sha256SumsCheck(Shown(modified), Shown(removed), Shown(added), problems);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Sha256SumsCheck.Failed([$"{folder}: {e.Message}"]);
        }
    }

    /// <summary>
    /// The text of a sums file: lines sorted by path bytes. A path with a backslash is written the way GNU
    /// <c>sha256sum</c> writes it: the line starts with <c>\</c> and the backslash is doubled.
    /// </summary>
    internal static byte[] Format(IEnumerable<(byte[] Path, string Sha256)> entries)
    {
        using var text = new MemoryStream();
        foreach (var (path, sha) in entries.OrderBy(e => e.Path, ContentDigest.PathOrder))
        {
            var escape = path.AsSpan().IndexOf((byte)'\\') >= 0;
            if (escape) text.WriteByte((byte)'\\');
            text.Write(Encoding.ASCII.GetBytes(sha));
            text.Write("  "u8);
            foreach (var b in path)
            {
                if (escape && b == (byte)'\\') text.WriteByte((byte)'\\');
                text.WriteByte(b);
            }
            text.WriteByte((byte)'\n');
        }
        return text.ToArray();
    }

    /// <summary>
    /// The entries of a sums file. A malformed line, a duplicate, a path that could leave the folder (absolute,
    /// <c>..</c>, empty or <c>.</c> parts) or that names a listing file becomes a problem and is left out.
    /// </summary>
    internal static List<(byte[] Path, string Sha256)> Parse(ReadOnlySpan<byte> text, List<string> problems)
    {
        var entries = new List<(byte[] Path, string Sha256)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        while (!text.IsEmpty)
        {
            number++;
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (TryParseLine(line, out var path, out var sha, out var problem) && PathProblem(path) is null)
            {
                if (seen.Add(Key(path))) entries.Add((path, sha));
                else problems.Add($"{FileName} line {number}: {PathBytes.Display(path)} is listed twice");
            }
            else
            {
                problems.Add($"{FileName} line {number}: {problem ?? PathProblem(path!)}");
            }
        }
        return entries;
    }

    private static bool TryParseLine(ReadOnlySpan<byte> line, [NotNullWhen(true)] out byte[]? path, out string sha, out string? problem)
    {
        path = null;
        sha = "";
        problem = null;
        var escaped = !line.IsEmpty && line[0] == (byte)'\\';
        if (escaped) line = line[1..];
        // 64 hex digits, then "  " (text mode) or " *" (binary mode: the same bytes on Linux), then the path.
        if (line.Length < 67 || line[64] != (byte)' ' || (line[65] != (byte)' ' && line[65] != (byte)'*')
            || !IsHex(line[..64]))
        {
            problem = "not a \"<64 hex digits>  <path>\" line";
            return false;
        }
        sha = Encoding.ASCII.GetString(line[..64]).ToLowerInvariant();
        var raw = line[66..];
        if (!escaped)
        {
            path = raw.ToArray();
            return true;
        }
        var unescaped = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                unescaped.Add(raw[i]);
                continue;
            }
            var next = i + 1 < raw.Length ? raw[++i] : (byte)0;
            byte? decoded = next switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                _ => null,
            };
            if (decoded is null)
            {
                problem = "an escaped path with an unknown escape";
                return false;
            }
            unescaped.Add(decoded.Value);
        }
        path = [.. unescaped];
        return true;
    }

    // Why a listed path may not be looked up below the folder, or null when it may.
    private static string? PathProblem(byte[] path)
    {
        var shown = PathBytes.Display(path);
        if (path.Length == 0) return "an empty path";
        if (path[0] == (byte)'/') return $"{shown} is an absolute path: not checked";
        if (path.AsSpan().IndexOf((byte)0) >= 0) return $"{shown} has a NUL byte: not checked";
        foreach (var range in path.AsSpan().Split((byte)'/'))
        {
            var part = path.AsSpan()[range];
            if (part.IsEmpty || part.SequenceEqual("."u8) || part.SequenceEqual(".."u8))
            {
                return $"{shown} is not a plain path inside the folder (empty, . or .. parts): not checked";
            }
        }
        return IsListingFile(shown) ? $"{shown} lists a file the sums leave out" : null;
    }

    private static bool IsHex(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!char.IsAsciiHexDigit((char)b)) return false;
        }
        return true;
    }

    private static byte[]? ReadSums(DirectoryHandle root, out string? problem)
    {
        using var stream = root.TryOpenFile(PathBytes.Terminated(Encoding.ASCII.GetBytes(FileName)), out problem);
        if (stream is null) return null;
        if (stream.Length > MaxSumsBytes)
        {
            problem = $"more than {MaxSumsBytes} bytes: not read";
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static TreeResult Walk(DirectoryHandle root) =>
        FileTree.DigestRegularFiles(root, TreeLimits.Default, TimeProvider.System, (shown, isFolder) => isFolder || !IsListingFile(shown));

    private static List<string> Problems(TreeResult tree)
    {
        var problems = tree.Skipped.Select(s => $"{s.Path}: {s.Reason}").ToList();
        if (tree.Stopped is { } stopped) problems.Add(stopped);
        return problems;
    }

    // Latin-1 maps each byte to one char and back: a lossless dictionary key for a name that may not be UTF-8.
    private static string Key(byte[] path) => Encoding.Latin1.GetString(path);

    private static List<string> Shown(List<byte[]> paths) =>
        paths.OrderBy(p => p, ContentDigest.PathOrder).Select(p => PathBytes.Display(p)).ToList();
}

/// <summary>What <see cref="Sha256Sums.Write"/> did.</summary>
/// <param name="Written">Whether <c>SHA256SUMS</c> was written.</param>
/// <param name="Files">How many files it lists.</param>
/// <param name="Problems">Why it was not written (each names the entry), empty when it was.</param>
internal sealed record Sha256SumsResult(bool Written, int Files, IReadOnlyList<string> Problems)
{
    /// <summary>A write that did not happen, for these reasons.</summary>
    public static Sha256SumsResult Failed(IReadOnlyList<string> problems) => new(false, 0, problems);
}

/// <summary>What <see cref="Sha256Sums.Verify"/> found: paths shown as text, each list sorted by path bytes.</summary>
/// <param name="Modified">Listed files whose SHA-256 differs.</param>
/// <param name="Removed">Listed files that are not there.</param>
/// <param name="Added">Regular files that are not listed.</param>
/// <param name="Problems">Anything else that makes the folder unverifiable or suspect (links, special files, bad lines).</param>
internal sealed record Sha256SumsCheck(IReadOnlyList<string> Modified, IReadOnlyList<string> Removed, IReadOnlyList<string> Added, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the folder is exactly what its sums say, with nothing suspect in it.</summary>
    public bool Intact => Modified.Count == 0 && Removed.Count == 0 && Added.Count == 0 && Problems.Count == 0;

    /// <summary>A check that could not compare anything, for these reasons.</summary>
    public static Sha256SumsCheck Failed(IReadOnlyList<string> problems) => new([], [], [], problems);
}
