using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>The few POSIX calls .NET does not expose: signals to process groups, starting a session, becoming a subreaper, and reaping one orphan.</summary>
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
}
