using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>What a file-system entry is, as <c>lstat</c> sees it (a symbolic link is a link, never what it points at).</summary>
internal enum EntryKind
{
    /// <summary>There is nothing by that name (or it vanished).</summary>
    Missing,

    /// <summary>A regular file: the only kind whose bytes are ever read.</summary>
    File,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link: its target text may be recorded, the target itself is never opened.</summary>
    Link,

    /// <summary>A character device (e.g. <c>/dev/zero</c>): reading one may never end.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk), or a file of a type this code does not know: never read.</summary>
    BlockDevice,

    /// <summary>A named pipe: opening one for reading blocks until a writer comes.</summary>
    Fifo,

    /// <summary>A Unix domain socket: it cannot be opened as a file.</summary>
    Socket,
}

/// <summary>The few <c>statx</c> fields the backend needs: kind, size, permission bits, and identity (device, inode).</summary>
internal readonly record struct EntryStatus(EntryKind Kind, long Size, UnixFileMode Mode, ulong Device, ulong Inode)
{
    public static readonly EntryStatus Missing = new(EntryKind.Missing, 0, 0, 0, 0);

    /// <summary>Says what an entry that is not a file, folder or link is, for messages ("a FIFO", "a device").</summary>
    public static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.File => "a regular file",
        EntryKind.Directory => "a folder",
        EntryKind.Link => "a symbolic link",
        EntryKind.CharacterDevice => "a character device",
        EntryKind.BlockDevice => "a block device",
        EntryKind.Fifo => "a FIFO (named pipe)",
        EntryKind.Socket => "a socket",
        _ => "missing",
    };

    /// <summary>
    /// The status of the entry at <paramref name="path"/>, read by <c>statx(2)</c> without opening it (opening a FIFO
    /// blocks until a writer comes); <see cref="Missing"/> when nothing is there, null where this C library or kernel
    /// has no <c>statx</c> (glibc before 2.28, Linux before 4.11). The one path-based status read: folder-relative
    /// reads of what a job made go through <see cref="DirectoryHandle"/>.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="followLinks">Whether a link is followed (a path the user named) or described as a link.</param>
    public static EntryStatus? OfPath(string path, bool followLinks)
    {
        var buffer = new byte[256];
        int result;
        try
        {
            result = NativeMethods.Statx(NativeMethods.AT_FDCWD, PathBytes.Terminated(path), followLinks ? 0 : NativeMethods.AT_SYMLINK_NOFOLLOW, StatxBasicStats, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        if (result == 0) return FromStatx(buffer);
        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == NativeMethods.ENOSYS ? null : Missing;
    }

    /// <summary><c>STATX_BASIC_STATS</c>: type, mode, size, inode and the rest of what <c>stat</c> returns.</summary>
    internal const uint StatxBasicStats = 0x7FF;

    /// <summary>Reads the fields from a <c>struct statx</c> buffer (the same layout on every Linux architecture).</summary>
    internal static EntryStatus FromStatx(ReadOnlySpan<byte> buffer)
    {
        var mode = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Link,
            0x2000 => EntryKind.CharacterDevice,
            0x6000 => EntryKind.BlockDevice,
            0x1000 => EntryKind.Fifo,
            0xC000 => EntryKind.Socket,
            _ => EntryKind.BlockDevice,
        };
        var inode = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = (long)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]), long.MaxValue);
        var device = ((ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32)
            | System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new EntryStatus(kind, size, (UnixFileMode)(mode & 0x1FF), device, inode);
    }
}
