using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// Walks a folder that untrusted code may have filled, and digests or copies it. It never follows a symbolic link
/// (<c>lstat</c> semantics; every open is <c>O_NOFOLLOW</c> relative to its parent folder's handle), never opens a
/// device, FIFO or socket (each is skipped with a reason), keeps names as bytes (a name that is not UTF-8 is copied
/// and digested like any other), and is bounded by <see cref="TreeLimits"/>, reporting the bound it reached.
/// </summary>
/// <remarks>
/// A link is recorded as a link. In a digest its line is the SHA-256 of <c>"symlink:"</c> followed by its target
/// text (the bytes <c>readlink</c> returns), so the digest stays a <c>dirHash1</c> over (hash, path) lines and
/// changes when a link is retargeted, without the target ever being read. A copy recreates a link whose target
/// stays inside the walked folder (judged on the text alone: relative, and never climbing above the root) and skips
/// any other with its target text in the reason.
/// </remarks>
internal sealed class FileTree
{
    private const int ChunkSize = 1 << 16;

    private readonly TreeLimits _limits;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TreeResult _result = new();
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _entries;

    // A rehearsal (validation before a submit) walks as a copy would, but writes nothing and reads no file's bytes.
    private bool _judgeLinksAsCopy;
    private bool _readContents = true;

    // A folder that must hold only regular files and folders (an evidence bundle): a link is skipped like a device.
    private bool _refuseLinks;

    /// <summary>A walker; set <see cref="Include"/> and <see cref="Excluded"/> before <see cref="Copy"/>.</summary>
    public FileTree(TreeLimits limits, TimeProvider time)
    {
        _limits = limits;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Which entries to take: (path relative to the root as shown, is a folder) → take it. Null takes all.</summary>
    public Func<string, bool, bool>? Include { get; init; }

    /// <summary>A folder (device, inode) never entered, with the reason shown (the workspace inside a code folder).</summary>
    public (ulong Device, ulong Inode, string Reason)? Excluded { get; init; }

    /// <summary>The digest of a folder: every regular file's bytes and every link's target text; nothing else is opened.</summary>
    public static TreeResult Digest(DirectoryHandle root, TreeLimits limits, TimeProvider time)
    {
        var tree = new FileTree(limits, time);
        tree.Walk(root, null, [], 0);
        return tree._result;
    }

    /// <summary>
    /// The digest of a folder that must hold only regular files and folders (an evidence bundle): a symbolic link is
    /// skipped with a reason, like a device or FIFO, instead of being recorded, so the caller can refuse the folder.
    /// </summary>
    /// <param name="root">The folder.</param>
    /// <param name="limits">Bounds on the walk.</param>
    /// <param name="time">The clock the time bound is measured on.</param>
    /// <param name="include">Which entries to take (relative path as shown, is a folder); null takes all.</param>
    public static TreeResult DigestRegularFiles(DirectoryHandle root, TreeLimits limits, TimeProvider time, Func<string, bool, bool>? include)
    {
        var tree = new FileTree(limits, time) { Include = include, _refuseLinks = true };
        tree.Walk(root, null, [], 0);
        return tree._result;
    }

    /// <summary>
    /// Walks a folder the way <see cref="Digest"/> does without reading any file's bytes: the entries taken, skipped
    /// and the limits reached are the same, the digest is not (validation reports what a submit would, cheaply).
    /// </summary>
    public static TreeResult RehearseDigest(DirectoryHandle root, TreeLimits limits, TimeProvider time)
    {
        var tree = new FileTree(limits, time) { _readContents = false };
        tree.Walk(root, null, [], 0);
        return tree._result;
    }

    /// <summary>
    /// Walks <paramref name="from"/> the way <see cref="Copy"/> would (links judged as a copy judges them) but
    /// writes nothing and reads no file's bytes: what a copy would skip or note, for validation before a submit.
    /// </summary>
    public TreeResult RehearseCopy(DirectoryHandle from)
    {
        _judgeLinksAsCopy = true;
        _readContents = false;
        Walk(from, null, [], 0);
        return _result;
    }

    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/> (and digests what it copied).</summary>
    public TreeResult Copy(DirectoryHandle from, DirectoryHandle to)
    {
        Walk(from, to, [], 0);
        return _result;
    }

    /// <summary>The manifest line hash of a link: SHA-256 of "symlink:" + its target text.</summary>
    public static string LinkDigest(ReadOnlySpan<byte> target)
    {
        var bytes = new byte[8 + target.Length];
        "symlink:"u8.CopyTo(bytes);
        target.CopyTo(bytes.AsSpan(8));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Whether a link at <paramref name="folder"/> (relative to the root) with target text <paramref name="target"/> stays inside the root, on the text alone.</summary>
    public static bool StaysInside(ReadOnlySpan<byte> folder, ReadOnlySpan<byte> target)
    {
        if (target.IsEmpty || target[0] == (byte)'/') return false;
        var depth = 0;
        foreach (var part in Encoding.UTF8.GetString(folder).Split('/', StringSplitOptions.RemoveEmptyEntries)) depth++;
        foreach (var range in target.Split((byte)'/'))
        {
            var part = target[range];
            if (part.IsEmpty || part.SequenceEqual("."u8)) continue;
            if (part.SequenceEqual(".."u8))
            {
                if (--depth < 0) return false;
            }
            else depth++;
        }
        return true;
    }

    private void Walk(DirectoryHandle folder, DirectoryHandle? target, byte[] prefix, int depth)
    {
        var names = folder.ReadNames(Math.Max(0, _limits.MaxEntries - _entries), out var truncated);
        foreach (var name in names)
        {
            if (_result.Stopped is not null) return;
            if (_time.GetElapsedTime(_started) > _limits.MaxDuration)
            {
                _result.Stopped = $"stopped after {_limits.MaxDuration.TotalSeconds:0} s (the time limit); entries after that are not included";
                return;
            }
            if (++_entries > _limits.MaxEntries)
            {
                truncated = true;
                break;
            }
            var relative = PathBytes.Join(prefix, name);
            var shown = PathBytes.Display(relative);
            var entryName = PathBytes.Terminated(name);
            var status = folder.Status(entryName);
            switch (status.Kind)
            {
                case EntryKind.Directory:
                    if (Include is { } takeFolder && !takeFolder(shown, true)) break;
                    if (Excluded is { } excluded && excluded.Device == status.Device && excluded.Inode == status.Inode)
                    {
                        Skip(shown, excluded.Reason);
                        break;
                    }
                    if (depth >= _limits.MaxDepth)
                    {
                        Skip(shown, $"deeper than {_limits.MaxDepth} folders (the limit): not walked");
                        break;
                    }
                    using (var child = folder.TryOpenDirectory(entryName, out var refusal))
                    {
                        if (child is null)
                        {
                            Skip(shown, refusal!);
                            break;
                        }
                        using var childTarget = target?.TryCreateDirectory(entryName, out refusal);
                        if (target is not null && childTarget is null)
                        {
                            Skip(shown, "in the target folder, " + refusal);
                            break;
                        }
                        Walk(child, childTarget, relative, depth + 1);
                    }
                    break;
                case EntryKind.File:
                    if (Include is { } takeFile && !takeFile(shown, false)) break;
                    File(folder, target, entryName, relative, shown, status);
                    break;
                case EntryKind.Link:
                    if (Include is { } takeLink && !takeLink(shown, false)) break;
                    if (_refuseLinks)
                    {
                        Skip(shown, "a symbolic link: not followed");
                        break;
                    }
                    Link(folder, target, entryName, prefix, relative, shown);
                    break;
                case EntryKind.Missing:
                    break; // Gone since it was listed.
                default:
                    Skip(shown, $"{EntryStatus.Describe(status.Kind)}: not read");
                    break;
            }
        }
        if (truncated && _result.Stopped is null)
        {
            _result.Stopped = $"stopped after {_limits.MaxEntries} entries (the limit); entries after that are not included";
        }
    }

    private void File(DirectoryHandle folder, DirectoryHandle? target, byte[] name, byte[] relative, string shown, EntryStatus status)
    {
        if (_result.Bytes + status.Size > _limits.MaxBytes)
        {
            _result.Stopped = $"stopped at {shown}: more than {_limits.MaxBytes} bytes (the limit); it and entries after it are not included";
            return;
        }
        using var input = folder.TryOpenFile(name, out var refusal);
        if (input is null)
        {
            Skip(shown, refusal!);
            return;
        }
        Take(input, target, name, relative, shown, status);
    }

    /// <summary>
    /// Copies one regular file the user named (a code file, a <c>uri_file</c> input) into <paramref name="to"/>; with
    /// <paramref name="to"/> null, only opens it and checks the limits, as validation before a submit does.
    /// </summary>
    public static TreeResult CopyOne(string path, DirectoryHandle? to, TreeLimits limits, TimeProvider time)
    {
        var tree = new FileTree(limits, time) { _readContents = to is not null };
        var name = System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(path));
        using var input = DirectoryHandle.TryOpenFile(path, out var refusal);
        if (input is null) tree.Skip(Path.GetFileName(path), refusal!);
        else if (!OperatingSystem.IsWindows())
        {
            var status = new EntryStatus(EntryKind.File, input.Length, System.IO.File.GetUnixFileMode(input.SafeFileHandle), 0, 0);
            if (status.Size > limits.MaxBytes) tree._result.Stopped = $"{Path.GetFileName(path)} is more than {limits.MaxBytes} bytes (the limit): not copied";
            else tree.Take(input, to, PathBytes.Terminated(name), name, PathBytes.Display(name), status);
        }
        return tree._result;
    }

    private void Take(FileStream input, DirectoryHandle? target, byte[] name, byte[] relative, string shown, EntryStatus status)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long copied = 0;
        var outOfTime = false;
        void Transfer(FileStream? output)
        {
            // At most the size listed: a file that grows while it is read is taken as it was.
            for (var left = status.Size; left > 0;)
            {
                if (_time.GetElapsedTime(_started) > _limits.MaxDuration)
                {
                    outOfTime = true;
                    throw new TimeoutException();
                }
                var read = input.Read(_buffer, 0, (int)Math.Min(left, ChunkSize));
                if (read == 0) break;
                hash.AppendData(_buffer, 0, read);
                output?.Write(_buffer, 0, read);
                copied += read;
                left -= read;
            }
        }
        if (!_readContents)
        {
            // A rehearsal: the file opened, which is all a copy needs before reading it.
            _result.Manifest.Add((relative, "", status.Size, false));
            _result.Files++;
            _result.Bytes += status.Size;
            return;
        }
        try
        {
            if (target is null) Transfer(null);
            else if (target.WriteFile(name, status.Mode, Transfer) is { } problem)
            {
                Skip(shown, "in the target folder, " + problem);
                return;
            }
        }
        catch (TimeoutException) when (outOfTime)
        {
            _result.Stopped = $"stopped at {shown} after {_limits.MaxDuration.TotalSeconds:0} s (the time limit); it and entries after it are not included";
            return;
        }
        _result.Manifest.Add((relative, Convert.ToHexStringLower(hash.GetHashAndReset()), copied, false));
        _result.Files++;
        _result.Bytes += copied;
    }

    private void Link(DirectoryHandle folder, DirectoryHandle? target, byte[] name, byte[] prefix, byte[] relative, string shown)
    {
        var linkTarget = folder.ReadLink(name);
        if (target is not null || _judgeLinksAsCopy)
        {
            if (!StaysInside(prefix, linkTarget))
            {
                Skip(shown, $"a symbolic link to {PathBytes.Display(linkTarget)}, outside the folder: not followed");
                return;
            }
            if (target?.WriteLink(name, linkTarget) is { } problem)
            {
                Skip(shown, "in the target folder, " + problem);
                return;
            }
            if (folder.StatusFollowingLinks(name).Kind == EntryKind.Directory)
            {
                _result.Notes.Add($"{shown} is a link to a folder ({PathBytes.Display(linkTarget)}): kept as a link, its files are not copied twice");
            }
        }
        _result.Manifest.Add((relative, LinkDigest(linkTarget), linkTarget.Length, true));
    }

    private void Skip(string shown, string reason) => _result.Skipped.Add(new SkippedItem(shown, reason));
}
