using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// An open folder, and every entry reached from it by name with the <c>*at</c> calls: a name is looked at with
/// <c>lstat</c> semantics and opened with <c>O_NOFOLLOW</c>, so a job that swaps a file for a link between a check
/// and an open gains nothing (the check is repeated on the open handle). The one owner of "open something the job
/// may have tampered with".
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private static readonly byte[] Empty = [0];
    private static readonly byte[] Dot = [(byte)'.', 0];

    /// <summary>The refusal for a name that is not there: callers that wait for a file to appear tell it from the others.</summary>
    public const string DoesNotExist = "it does not exist";

    private int _fd;

    private DirectoryHandle(int fd) => _fd = fd;

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(DirectoryHandle));

    /// <summary>Opens a folder the user named (links in the path are followed: the user chose it).</summary>
    public static DirectoryHandle? TryOpen(string path, out string? refusal)
    {
        var fd = OpenAt(NativeMethods.AT_FDCWD, PathBytes.Terminated(path), DirectoryFlags(follow: true));
        refusal = fd < 0 ? Explain(Marshal.GetLastPInvokeError(), path) : null;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>
    /// Opens <paramref name="path"/> below <paramref name="trustedBase"/> without following a link in any component
    /// after the base: a job may have replaced any folder of its own with a link.
    /// </summary>
    public static DirectoryHandle? TryOpenBelow(string trustedBase, string path, out string? refusal)
    {
        var relative = Path.GetRelativePath(trustedBase, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) throw new ArgumentException($"{path} is not below {trustedBase}.", nameof(path));
        var current = TryOpen(trustedBase, out refusal);
        if (relative == ".") return current;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is null) return null;
            using var parent = current;
            current = parent.TryOpenDirectory(PathBytes.Terminated(part), out refusal);
            if (refusal is not null) refusal = $"{path}: {refusal}";
        }
        return current;
    }

    /// <summary>Creates <paramref name="path"/> below <paramref name="trustedBase"/> (as <c>mkdir -p</c>), refusing to go through a link.</summary>
    public static DirectoryHandle? TryCreateBelow(string trustedBase, string path, out string? refusal)
    {
        Directory.CreateDirectory(trustedBase);
        var relative = Path.GetRelativePath(trustedBase, path);
        var current = TryOpen(trustedBase, out refusal);
        if (relative == ".") return current;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is null) return null;
            using var parent = current;
            current = parent.TryCreateDirectory(PathBytes.Terminated(part), out refusal);
        }
        return current;
    }

    /// <summary>The status of the entry <paramref name="name"/> (NUL-terminated) itself, a link as a link.</summary>
    public EntryStatus Status(byte[] name) => Stat(Fd, name, NativeMethods.AT_SYMLINK_NOFOLLOW);

    /// <summary>The status of what <paramref name="name"/> leads to, following links (metadata only: nothing is opened or read).</summary>
    public EntryStatus StatusFollowingLinks(byte[] name) => Stat(Fd, name, 0);

    /// <summary>The status of this folder.</summary>
    public EntryStatus Self() => Stat(Fd, Empty, NativeMethods.AT_EMPTY_PATH);

    /// <summary>The status of a path, links followed or not.</summary>
    public static EntryStatus StatusOf(string path, bool followLinks) =>
        Stat(NativeMethods.AT_FDCWD, PathBytes.Terminated(path), followLinks ? 0 : NativeMethods.AT_SYMLINK_NOFOLLOW);

    /// <summary>The names in this folder (not <c>.</c> and <c>..</c>), in byte order, at most <paramref name="max"/>.</summary>
    public List<byte[]> ReadNames(int max, out bool truncated)
    {
        truncated = false;
        var names = new List<byte[]>();
        // fdopendir takes its descriptor: give it a second one, so this handle stays usable.
        var fd = OpenAt(Fd, Dot, DirectoryFlags(follow: false));
        if (fd < 0) return names;
        var stream = NativeMethods.FdOpenDir(fd);
        if (stream == IntPtr.Zero)
        {
            NativeMethods.Close(fd);
            return names;
        }
        try
        {
            IntPtr entry;
            while ((entry = NativeMethods.ReadDir(stream)) != IntPtr.Zero)
            {
                // struct dirent on 64-bit Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                var name = ReadName(entry + 19);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                if (names.Count >= max)
                {
                    truncated = true;
                    break;
                }
                names.Add(name);
            }
        }
        finally
        {
            NativeMethods.CloseDir(stream);
        }
        names.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return names;
    }

    /// <summary>The target text of the link <paramref name="name"/>; the target is never opened.</summary>
    public byte[] ReadLink(byte[] name)
    {
        var buffer = new byte[4096];
        var length = NativeMethods.ReadLinkAt(Fd, name, buffer, buffer.Length);
        return length <= 0 ? [] : buffer.AsSpan(0, (int)length).ToArray();
    }

    /// <summary>Opens the child folder <paramref name="name"/>; refuses a link or anything that is not a folder.</summary>
    public DirectoryHandle? TryOpenDirectory(byte[] name, out string? refusal)
    {
        var fd = OpenAt(Fd, name, DirectoryFlags(follow: false));
        refusal = fd < 0 ? Explain(Marshal.GetLastPInvokeError(), Status(name)) : null;
        return fd < 0 ? null : new DirectoryHandle(fd);
    }

    /// <summary>Creates the child folder <paramref name="name"/> unless it exists; refuses one that is a link.</summary>
    public DirectoryHandle? TryCreateDirectory(byte[] name, out string? refusal)
    {
        if (NativeMethods.MkdirAt(Fd, name, 0x1FF) != 0 && Marshal.GetLastPInvokeError() != NativeMethods.EEXIST)
        {
            refusal = "could not create the folder: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }
        return TryOpenDirectory(name, out refusal);
    }

    /// <summary>
    /// Opens the regular file <paramref name="name"/> for reading: never through a link (<c>O_NOFOLLOW</c>), never
    /// blocking on a FIFO (<c>O_NONBLOCK</c>), and only if the open handle is a regular file (checked with
    /// <c>fstat</c> on the handle, so swapping the entry between a check and the open does not help).
    /// </summary>
    public FileStream? TryOpenFile(byte[] name, out string? refusal) => OpenRegular(Fd, name, out refusal);

    /// <summary>Opens a regular file the user named (a link to a regular file is followed: the user chose it), never blocking.</summary>
    public static FileStream? TryOpenFile(string path, out string? refusal) => OpenRegular(NativeMethods.AT_FDCWD, PathBytes.Terminated(path), out refusal, follow: true);

    /// <summary>Opens the regular file <paramref name="path"/> below <paramref name="trustedBase"/>, following no link after the base.</summary>
    public static FileStream? TryOpenFileBelow(string trustedBase, string path, out string? refusal)
    {
        using var folder = TryOpenBelow(trustedBase, Path.GetDirectoryName(path)!, out refusal);
        return folder?.TryOpenFile(PathBytes.Terminated(Path.GetFileName(path)), out refusal);
    }

    /// <summary>
    /// Writes a new file <paramref name="name"/>: to a fresh temporary name (<c>O_CREAT|O_EXCL|O_NOFOLLOW</c>) and
    /// then renamed over the name, so an entry already there — a link included — is replaced, never written through.
    /// </summary>
    public string? WriteFile(byte[] name, UnixFileMode mode, Action<FileStream> write)
    {
        var temporary = PathBytes.Terminated(".tj-partial-" + Guid.NewGuid().ToString("N"));
        var fd = OpenAt(Fd, temporary, NativeMethods.O_WRONLY | NativeMethods.O_CREAT | NativeMethods.O_EXCL | NativeMethods.O_NOFOLLOW | NativeMethods.O_CLOEXEC, 0x180);
        if (fd < 0) return "could not create the file: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        try
        {
            using (var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 0))
            {
                write(stream);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, mode & (UnixFileMode)0x1FF);
            }
            return Replace(temporary, name);
        }
        catch
        {
            NativeMethods.UnlinkAt(Fd, temporary, 0);
            throw;
        }
    }

    /// <summary>Creates the link <paramref name="name"/> → <paramref name="target"/> the same way (temporary name, then rename).</summary>
    public string? WriteLink(byte[] name, ReadOnlySpan<byte> target)
    {
        var temporary = PathBytes.Terminated(".tj-partial-" + Guid.NewGuid().ToString("N"));
        if (NativeMethods.SymlinkAt(PathBytes.Terminated(target), Fd, temporary) != 0)
        {
            return "could not create the link: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }
        return Replace(temporary, name);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) NativeMethods.Close(fd);
    }

    private string? Replace(byte[] temporary, byte[] name)
    {
        if (NativeMethods.RenameAt(Fd, temporary, Fd, name) == 0) return null;
        var error = Marshal.GetLastPInvokeError();
        NativeMethods.UnlinkAt(Fd, temporary, 0);
        return error is NativeMethods.EISDIR or NativeMethods.ENOTDIR or 39 /* ENOTEMPTY */
            ? "a folder of that name is already in the target folder: not replaced"
            : "could not write it: " + Marshal.GetPInvokeErrorMessage(error);
    }

    private static FileStream? OpenRegular(int directory, byte[] name, out string? refusal, bool follow = false)
    {
        var before = Stat(directory, name, follow ? 0 : NativeMethods.AT_SYMLINK_NOFOLLOW);
        if (before.Kind != EntryKind.File)
        {
            // Devices are not even opened: opening one can have effects of its own.
            refusal = before.Kind == EntryKind.Missing ? DoesNotExist : $"it is {EntryStatus.Describe(before.Kind)}, not a regular file: not read";
            return null;
        }
        var flags = NativeMethods.O_RDONLY | NativeMethods.O_NONBLOCK | NativeMethods.O_CLOEXEC | (follow ? 0 : NativeMethods.O_NOFOLLOW);
        var fd = OpenAt(directory, name, flags);
        if (fd < 0)
        {
            refusal = Explain(Marshal.GetLastPInvokeError(), Stat(directory, name, NativeMethods.AT_SYMLINK_NOFOLLOW));
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var opened = Stat(fd, Empty, NativeMethods.AT_EMPTY_PATH);
        if (opened.Kind != EntryKind.File)
        {
            handle.Dispose();
            refusal = $"it is {EntryStatus.Describe(opened.Kind)}, not a regular file: not read";
            return null;
        }
        refusal = null;
        return new FileStream(handle, FileAccess.Read, 0);
    }

    private static EntryStatus Stat(int directory, byte[] name, int flags)
    {
        var buffer = new byte[256];
        return NativeMethods.Statx(directory, name, flags, EntryStatus.StatxBasicStats, buffer) == 0 ? EntryStatus.FromStatx(buffer) : EntryStatus.Missing;
    }

    private static int OpenAt(int directory, byte[] name, int flags, int mode = 0)
    {
        int fd;
        do fd = NativeMethods.OpenAt(directory, name, flags, mode);
        while (fd < 0 && Marshal.GetLastPInvokeError() == NativeMethods.EINTR);
        return fd;
    }

    private static int DirectoryFlags(bool follow) =>
        NativeMethods.O_RDONLY | NativeMethods.O_DIRECTORY | NativeMethods.O_NONBLOCK | NativeMethods.O_CLOEXEC | (follow ? 0 : NativeMethods.O_NOFOLLOW);

    private static string Explain(int error, string path) => $"{path}: {Marshal.GetPInvokeErrorMessage(error)}";

    private static string Explain(int error, EntryStatus status) => error switch
    {
        NativeMethods.ELOOP => "it is a symbolic link: not followed",
        NativeMethods.ENOTDIR => $"it is {EntryStatus.Describe(status.Kind)}, not a folder",
        NativeMethods.ENOENT => DoesNotExist,
        _ => Marshal.GetPInvokeErrorMessage(error),
    };

    private static byte[] ReadName(IntPtr name)
    {
        var length = 0;
        while (Marshal.ReadByte(name, length) != 0) length++;
        var bytes = new byte[length];
        Marshal.Copy(name, bytes, 0, length);
        return bytes;
    }
}
