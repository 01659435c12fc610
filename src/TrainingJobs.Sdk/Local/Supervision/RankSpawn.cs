using System.ComponentModel;
using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Starts a rank with one <c>posix_spawn</c>: in a new session (<c>POSIX_SPAWN_SETSID</c>, glibc 2.26+, so pid ==
/// process group), in its working directory (<c>posix_spawn_file_actions_addchdir_np</c>, glibc 2.29+), stdin from
/// <c>/dev/null</c> and stdout and stderr appended to its log, with every signal at its default and none blocked (the
/// runtime ignores SIGPIPE, and an ignored signal would survive the exec). This replaces a <c>sh</c> → <c>setsid</c>
/// chain of execs, each of which costs milliseconds per step. The child is not a <see cref="System.Diagnostics.Process"/>:
/// the runtime never waits for it, so <see cref="WaitForExitAsync"/> does, by its pid only (never <c>waitpid(-1)</c>,
/// which would take the exit codes of the runtime's own children). Signatures are blittable: no runtime marshalling.
/// </summary>
internal static class RankSpawn
{
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const short POSIX_SPAWN_SETSIGMASK = 0x08;
    private const short POSIX_SPAWN_SETSID = 0x80;
    private const int O_RDONLY = 0;
    private const int O_WRONLY = 1;
    private const int O_APPEND = 0x400;

    // glibc's posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128 (x86-64 and arm64): generous room.
    private const int OpaqueSize = 1024;

    private static volatile bool s_unavailable;

    [DllImport("libc", EntryPoint = "posix_spawn")]
    private static extern int PosixSpawn(out int pid, IntPtr path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static extern int FileActionsInit(IntPtr fileActions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static extern int FileActionsDestroy(IntPtr fileActions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static extern int FileActionsAddOpen(IntPtr fileActions, int fd, IntPtr path, int flags, int mode);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static extern int FileActionsAddDup2(IntPtr fileActions, int fd, int newFd);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static extern int FileActionsAddChdir(IntPtr fileActions, IntPtr path);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static extern int AttributesInit(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static extern int AttributesDestroy(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static extern int AttributesSetFlags(IntPtr attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static extern int AttributesSetSignalMask(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static extern int AttributesSetSignalDefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "sigemptyset")]
    private static extern int SignalSetEmpty(IntPtr signals);

    [DllImport("libc", EntryPoint = "sigfillset")]
    private static extern int SignalSetFill(IntPtr signals);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static extern int WaitPid(int pid, out int status, int options);

    /// <summary>
    /// Spawns <paramref name="arguments"/> (argv, the program first) with exactly <paramref name="environment"/>; returns
    /// its pid, or null where this libc cannot (no <c>POSIX_SPAWN_SETSID</c> or <c>addchdir_np</c>): the caller then
    /// starts the rank the older way. Throws <see cref="Win32Exception"/> when the spawn itself fails (a missing
    /// working directory, a log that cannot be opened, a program that cannot run), as <c>Process.Start</c> does.
    /// </summary>
    public static int? TrySpawn(IReadOnlyList<string> arguments, IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory, string log)
    {
        if (s_unavailable || !OperatingSystem.IsLinux()) return null;
        var strings = new List<IntPtr>();
        var attributes = Marshal.AllocHGlobal(OpaqueSize);
        var fileActions = Marshal.AllocHGlobal(OpaqueSize);
        var signals = Marshal.AllocHGlobal(OpaqueSize);
        var (attributesMade, actionsMade) = (false, false);
        IntPtr Utf8(string value)
        {
            var pointer = Marshal.StringToCoTaskMemUTF8(value);
            strings.Add(pointer);
            return pointer;
        }
        IntPtr Vector(IEnumerable<string> values)
        {
            var items = values.Select(Utf8).ToList();
            var vector = Marshal.AllocHGlobal(IntPtr.Size * (items.Count + 1));
            for (var i = 0; i < items.Count; i++) Marshal.WriteIntPtr(vector, i * IntPtr.Size, items[i]);
            Marshal.WriteIntPtr(vector, items.Count * IntPtr.Size, IntPtr.Zero);
            return vector;
        }
        IntPtr argv = IntPtr.Zero, envp = IntPtr.Zero;
        try
        {
            Check(AttributesInit(attributes), "posix_spawnattr_init");
            attributesMade = true;
            Check(FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            actionsMade = true;
            // EINVAL from an older glibc that does not know POSIX_SPAWN_SETSID: fall back.
            if (AttributesSetFlags(attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) != 0) return Unavailable();
            SignalSetFill(signals);
            Check(AttributesSetSignalDefault(attributes, signals), "posix_spawnattr_setsigdefault");
            SignalSetEmpty(signals);
            Check(AttributesSetSignalMask(attributes, signals), "posix_spawnattr_setsigmask");
            try
            {
                Check(FileActionsAddChdir(fileActions, Utf8(workingDirectory)), "posix_spawn_file_actions_addchdir_np");
            }
            catch (EntryPointNotFoundException)
            {
                return Unavailable();
            }
            Check(FileActionsAddOpen(fileActions, 0, Utf8("/dev/null"), O_RDONLY, 0), "posix_spawn_file_actions_addopen");
            // Opened after the chdir: the log path is absolute. Appended, as the shell's >> did; the file exists already.
            Check(FileActionsAddOpen(fileActions, 1, Utf8(log), O_WRONLY | O_APPEND, 0), "posix_spawn_file_actions_addopen");
            Check(FileActionsAddDup2(fileActions, 1, 2), "posix_spawn_file_actions_adddup2");
            argv = Vector(arguments);
            envp = Vector(environment.Select(e => e.Key + "=" + e.Value));
            var error = PosixSpawn(out var pid, Marshal.ReadIntPtr(argv), fileActions, attributes, argv, envp);
            if (error != 0) throw new Win32Exception(error, $"Could not start '{arguments[0]}' in '{workingDirectory}': {new Win32Exception(error).Message}");
            return pid;
        }
        catch (EntryPointNotFoundException)
        {
            return Unavailable();
        }
        finally
        {
            if (actionsMade) FileActionsDestroy(fileActions);
            if (attributesMade) AttributesDestroy(attributes);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(fileActions);
            Marshal.FreeHGlobal(signals);
            if (argv != IntPtr.Zero) Marshal.FreeHGlobal(argv);
            if (envp != IntPtr.Zero) Marshal.FreeHGlobal(envp);
            foreach (var pointer in strings) Marshal.FreeCoTaskMem(pointer);
        }

        static int? Unavailable()
        {
            s_unavailable = true;
            return null;
        }

        static void Check(int error, string call)
        {
            if (error != 0) throw new Win32Exception(error, $"{call} failed: {new Win32Exception(error).Message}");
        }
    }

    /// <summary>
    /// Completes with the exit code of a child this process spawned (<see cref="TrySpawn"/>) once it has exited: 128 +
    /// the signal for one a signal ended, as <see cref="System.Diagnostics.Process.ExitCode"/> reports it. A thread
    /// blocks in <c>waitpid</c> on that pid alone, so the exit is seen at once, without polling
    /// (<see cref="ExitWaiterThreads"/>).
    /// </summary>
    public static Task<int> WaitForExitAsync(int pid)
    {
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ExitWaiterThreads.Wait(() =>
        {
            try
            {
                exited.SetResult(WaitForExit(pid));
            }
            catch (Win32Exception e)
            {
                exited.SetException(e);
            }
        });
        return exited.Task;
    }

    /// <summary>
    /// Blocks this thread until the child <paramref name="pid"/> has exited; its exit code as <see cref="WaitForExitAsync"/>
    /// gives it. For a child that exits at once (a probe); a rank is waited for with <see cref="WaitForExitAsync"/>.
    /// </summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            if (WaitPid(pid, out var status, 0) == pid)
            {
                var signal = status & 0x7f;
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != NativeMethods.EINTR) throw new Win32Exception(errno, $"waitpid({pid}) failed");
        }
    }
}
