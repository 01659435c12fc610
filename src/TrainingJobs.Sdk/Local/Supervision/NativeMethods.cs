using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The few POSIX calls .NET does not expose: signals to process groups, starting a session, becoming a subreaper,
/// and the type of a file (regular, FIFO, device, …) without opening it.
/// </summary>
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
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_SIZE = 0x200;

    /// <summary>
    /// The file type bits (<c>st_mode &amp; S_IFMT</c>) and size of <paramref name="path"/>, following links, read by
    /// <c>statx(2)</c> without opening the file (opening a FIFO blocks until a writer comes). <c>struct statx</c> has
    /// the same layout on every Linux architecture (mode at byte 28, size at byte 40), unlike <c>struct stat</c>.
    /// False when the file cannot be examined (missing, no permission, or no <c>statx</c> in this libc).
    /// </summary>
    public static bool TryGetFileType(string path, out int fileType, out long size)
    {
        fileType = 0;
        size = 0;
        var buffer = new byte[256];
        try
        {
            if (Statx(AT_FDCWD, path, 0, STATX_TYPE | STATX_SIZE, buffer) != 0) return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        fileType = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        size = (long)BitConverter.ToUInt64(buffer, 40);
        return true;
    }
}
