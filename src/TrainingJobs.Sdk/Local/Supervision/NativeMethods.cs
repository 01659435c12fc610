using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>The few POSIX calls .NET does not expose: signals to process groups, starting a session, becoming a subreaper, and a file's identity.</summary>
internal static class NativeMethods
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static extern int SetSessionId();

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    private const int PR_SET_CHILD_SUBREAPER = 36;

    /// <summary>Sends a signal to every process of a process group; false when the group is empty.</summary>
    public static bool SignalGroup(int processGroup, int signal) => processGroup > 1 && Kill(-processGroup, signal) == 0;

    /// <summary>Sends a signal to one process; false when it does not exist.</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>Makes the calling process leader of a new session, so it outlives its parent's terminal and group.</summary>
    public static void StartSession() => _ = SetSessionId();

    /// <summary>
    /// Makes the calling process a child subreaper (Linux 3.4+): a descendant orphaned by its parent is re-parented
    /// here rather than to init, so one that left the job's process group (its own <c>setsid</c>) is still found by
    /// walking the parent links. False where the kernel refuses.
    /// </summary>
    public static bool BecomeChildSubreaper() => Prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    private const int AT_FDCWD = -100;
    private const int ENOSYS = 38;
    private const uint STATX_INO = 0x100;

    /// <summary>
    /// The identity of a file (device and inode), which .NET does not expose: a path that now names another file
    /// (deleted and recreated, or replaced by a rename) has another identity. Null when the path does not exist.
    /// <c>statx</c> (Linux 4.11, glibc 2.28) is used because its buffer has the same layout on every architecture.
    /// </summary>
    public static (ulong Device, ulong Inode)? FileIdentity(string path)
    {
        // struct statx: stx_ino at byte 32, stx_dev_major and stx_dev_minor at 136 and 140 (256 bytes in all).
        var buffer = new byte[256];
        int result;
        try
        {
            result = Statx(AT_FDCWD, path, 0, STATX_INO, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            return IdentityUnknown(path);
        }
        if (result != 0) return Marshal.GetLastPInvokeError() == ENOSYS ? IdentityUnknown(path) : null;
        var inode = BitConverter.ToUInt64(buffer, 32);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return (device, inode);
    }

    // Where the C library or the kernel has no statx (glibc before 2.28, Linux before 4.11), a file is only told apart
    // from a missing one: a replaced database then goes unnoticed, a deleted one does not.
    private static (ulong Device, ulong Inode)? IdentityUnknown(string path) => File.Exists(path) ? (0, 0) : null;
}
