using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>The few POSIX calls .NET does not expose: signals to process groups, and starting a session.</summary>
internal static class NativeMethods
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static extern int SetSessionId();

    /// <summary>Sends a signal to every process of a process group; false when the group is empty.</summary>
    public static bool SignalGroup(int processGroup, int signal) => processGroup > 1 && Kill(-processGroup, signal) == 0;

    /// <summary>Sends a signal to one process; false when it does not exist.</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>Makes the calling process leader of a new session, so it outlives its parent's terminal and group.</summary>
    public static void StartSession() => _ = SetSessionId();
}
