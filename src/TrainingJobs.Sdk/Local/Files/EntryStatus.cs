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

    /// <summary>A character or block device (e.g. <c>/dev/zero</c>): reading one may never end.</summary>
    Device,

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
        EntryKind.Device => "a device",
        EntryKind.Fifo => "a FIFO (named pipe)",
        EntryKind.Socket => "a socket",
        _ => "missing",
    };

    /// <summary>Reads the fields from a <c>struct statx</c> buffer (the same layout on every Linux architecture).</summary>
    internal static EntryStatus FromStatx(ReadOnlySpan<byte> buffer)
    {
        var mode = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Link,
            0x2000 or 0x6000 => EntryKind.Device,
            0x1000 => EntryKind.Fifo,
            0xC000 => EntryKind.Socket,
            _ => EntryKind.Device,
        };
        var inode = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = (long)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]), long.MaxValue);
        var device = ((ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32)
            | System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new EntryStatus(kind, size, (UnixFileMode)(mode & 0x1FF), device, inode);
    }
}
