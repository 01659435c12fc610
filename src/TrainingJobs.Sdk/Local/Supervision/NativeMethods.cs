using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The few POSIX calls .NET does not expose: signals to process groups, starting a session, becoming a subreaper, reaping one orphan,
/// <c>statx</c> (read through <see cref="Files.EntryStatus"/>), and the <c>*at</c> file calls that open, list
/// and create entries relative to a folder handle without following a symbolic link (used only through
/// <see cref="Files.DirectoryHandle"/>).
/// </summary>
internal static class NativeMethods
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static extern int SetSessionId();

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static extern int WaitPid(int pid, out int status, int options);

    private const int WNOHANG = 1;

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    private const int PR_SET_CHILD_SUBREAPER = 36;

    /// <summary>Sends a signal to every process of a process group; false when the group is empty.</summary>
    public static bool SignalGroup(int processGroup, int signal) => processGroup > 1 && Kill(-processGroup, signal) == 0;

    /// <summary>Whether a process group has a member (signal 0 checks without sending); a group we may not signal counts as existing.</summary>
    public static bool GroupExists(int processGroup) => processGroup > 1 && (Kill(-processGroup, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH);

    private const int ESRCH = 3;

    /// <summary>Sends a signal to one process; false when it does not exist.</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>
    /// Collects the exit status of one child that has ended (a zombie), without waiting. Only for a pid that is not a
    /// <see cref="System.Diagnostics.Process"/> of ours: the runtime waits for those itself and needs their exit code.
    /// True when the child was reaped.
    /// </summary>
    public static bool ReapChild(int pid) => pid > 1 && WaitPid(pid, out _, WNOHANG) == pid;

    /// <summary>Makes the calling process leader of a new session, so it outlives its parent's terminal and group.</summary>
    public static void StartSession() => _ = SetSessionId();

    /// <summary>
    /// Makes the calling process a child subreaper (Linux 3.4+): a descendant orphaned by its parent is re-parented
    /// here rather than to init, so one that left the job's process group (its own <c>setsid</c>) is still found by
    /// walking the parent links. False where the kernel refuses.
    /// </summary>
    public static bool BecomeChildSubreaper() => Prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;

    // File calls. Paths are NUL-terminated byte arrays: a name the job made need not be valid UTF-8.
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    /// <summary><c>O_DIRECTORY</c>: 0x4000 on arm64, 0x10000 on x86-64 and the generic Linux ABI.</summary>
    public static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary><c>O_NOFOLLOW</c>: 0x8000 on arm64, 0x20000 on x86-64 and the generic Linux ABI.</summary>
    public static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    public const int ENOENT = 2;
    public const int ENOSYS = 38;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ELOOP = 40;

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static extern int OpenAt(int directory, byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary><c>statx(2)</c>: its buffer layout is the same on every architecture, unlike <c>struct stat</c>.</summary>
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static extern int Statx(int directory, byte[] path, int flags, uint mask, [In, Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static extern IntPtr FdOpenDir(int fd);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static extern IntPtr ReadDir(IntPtr directory);

    [DllImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static extern int CloseDir(IntPtr directory);

    [DllImport("libc", EntryPoint = "dirfd", SetLastError = true)]
    public static extern int DirFd(IntPtr directory);

    [DllImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    public static extern nint ReadLinkAt(int directory, byte[] path, [In, Out] byte[] buffer, nint size);

    [DllImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    public static extern int MkdirAt(int directory, byte[] path, int mode);

    [DllImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    public static extern int SymlinkAt(byte[] target, int directory, byte[] path);

    [DllImport("libc", EntryPoint = "renameat", SetLastError = true)]
    public static extern int RenameAt(int fromDirectory, byte[] from, int toDirectory, byte[] to);

    [DllImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    public static extern int UnlinkAt(int directory, byte[] path, int flags);
}
