using System.Globalization;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>Reads <c>/proc</c>: whether a process is alive (pid + kernel start time, so a reused pid is not mistaken), and group members.</summary>
internal static class ProcessInfo
{
    /// <summary>The kernel start time (clock ticks since boot) of a live process, or null when there is none (or it is a zombie).</summary>
    public static long? StartTime(int pid)
    {
        var stat = ReadStat(pid);
        if (stat is null || stat.Value.State is 'Z' or 'X') return null;
        return stat.Value.StartTime;
    }

    /// <summary>Whether the process <paramref name="pid"/> that started at <paramref name="startTime"/> still runs.</summary>
    public static bool IsAlive(int pid, long startTime) => StartTime(pid) == startTime;

    /// <summary>Whether the process is stopped (SIGSTOP, or a tracer holds it): alive, but it runs no code.</summary>
    public static bool IsStopped(int pid) => ReadStat(pid) is { State: 'T' or 't' };

    /// <summary>The live (not zombie) processes whose process group is <paramref name="processGroup"/>.</summary>
    public static IReadOnlyList<int> GroupMembers(int processGroup)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var stat = ReadStat(pid);
            if (stat is { } s && s.ProcessGroup == processGroup && s.State is not ('Z' or 'X')) members.Add(pid);
        }
        return members;
    }

    /// <summary>The live (not zombie) descendants of <paramref name="ancestor"/>, found through the parent links of every process.</summary>
    public static IReadOnlyList<int> Descendants(int ancestor)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadStat(pid) is not { } s || s.State is 'Z' or 'X') continue;
            if (!children.TryGetValue(s.Parent, out var list)) children[s.Parent] = list = [];
            list.Add(pid);
        }
        var found = new List<int>();
        var pending = new Queue<int>([ancestor]);
        while (pending.TryDequeue(out var parent))
        {
            if (!children.TryGetValue(parent, out var list)) continue;
            foreach (var child in list.Where(c => c != ancestor && !found.Contains(c)))
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>The zombies whose parent is <paramref name="parent"/> (exited, waiting to be reaped).</summary>
    public static IReadOnlyList<int> ZombieChildren(int parent) =>
        Children(parent) is { } children
            ? [.. children.Where(pid => ReadStat(pid) is { State: 'Z' } s && s.Parent == parent)]
            : [.. Scan().Where(p => p.Parent == parent && p.State == 'Z').Select(p => p.Pid)];

    /// <summary>
    /// The children of a process from its threads' <c>children</c> files (Linux 4.2+ with CONFIG_PROC_CHILDREN), which
    /// is a few small reads rather than one per process on the machine; null where the kernel has no such files.
    /// </summary>
    private static HashSet<int>? Children(int parent)
    {
        var children = new HashSet<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{parent.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (FileNotFoundException)
                {
                    // The file is missing on every thread of a kernel without it; a thread that just ended has no folder.
                    if (Directory.Exists(task)) return null;
                    continue;
                }
                catch (DirectoryNotFoundException)
                {
                    continue;
                }
                foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) children.Add(pid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return children;
    }

    /// <summary>Every process in <c>/proc</c> now, with its parent, process group, state and kernel start time.</summary>
    public static IReadOnlyList<(int Pid, int Parent, int ProcessGroup, char State, long StartTime)> Scan()
    {
        var all = new List<(int, int, int, char, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadStat(pid) is { } s) all.Add((pid, s.Parent, s.ProcessGroup, s.State, s.StartTime));
        }
        return all;
    }

    /// <summary>
    /// Whether the environment <paramref name="pid"/> started with holds exactly <paramref name="entry"/>
    /// (<c>NAME=value</c>). Reads at most <see cref="EnvironmentReadLimit"/> bytes; false for a process we may not read.
    /// </summary>
    public static bool HasEnvironmentEntry(int pid, string entry)
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes(entry + "\0");
        try
        {
            using var stream = new FileStream($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[8 * 1024];
            var held = new List<byte>();
            int read;
            while (held.Count < EnvironmentReadLimit && (read = stream.Read(buffer)) > 0) held.AddRange(buffer.AsSpan(0, read));
            var text = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(held);
            // An entry starts the block or follows the NUL that ends the previous one.
            for (var at = text.IndexOf(wanted); at >= 0; at = NextMatch(text, wanted, at))
            {
                if (at == 0 || text[at - 1] == 0) return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        static int NextMatch(ReadOnlySpan<byte> text, byte[] wanted, int after)
        {
            var next = text[(after + 1)..].IndexOf(wanted);
            return next < 0 ? -1 : after + 1 + next;
        }
    }

    /// <summary>How much of a process's environment is read: the kernel's limit on one exec's arguments and environment is a few MiB.</summary>
    private const int EnvironmentReadLimit = 8 * 1024 * 1024;

    /// <summary>The process group of a process, or null.</summary>
    public static int? ProcessGroup(int pid) => ReadStat(pid)?.ProcessGroup;

    // The fields read (the first 22) end within about 530 bytes even at their widest (a 64-byte name, 20-digit
    // numbers); what follows them may be cut off.
    private const int StatReadLimit = 1024;

    /// <summary>
    /// Fields 3, 4, 5 and 22 of <c>/proc/PID/stat</c>, read into a stack buffer and parsed as bytes: this runs for every
    /// process on the machine in a scan, and for every check of a job's liveness, so it allocates nothing but the path.
    /// </summary>
    private static (char State, int Parent, int ProcessGroup, long StartTime)? ReadStat(int pid)
    {
        Span<byte> buffer = stackalloc byte[StatReadLimit];
        int length;
        try
        {
            using var handle = File.OpenHandle($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return ParseStat(buffer[..length]);
    }

    /// <summary>Parses a stat line; null when it is not one (too short, no command name, a field not a number).</summary>
    internal static (char State, int Parent, int ProcessGroup, long StartTime)? ParseStat(ReadOnlySpan<byte> line)
    {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses: parse after the last ')'.
        var close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 > line.Length) return null;
        var rest = line[(close + 2)..];
        // rest's field 0 = state (field 3), 1 = ppid (field 4), 2 = pgrp (field 5), 19 = starttime (field 22).
        Span<Range> fields = stackalloc Range[20];
        var count = 0;
        foreach (var field in rest.Split((byte)' '))
        {
            fields[count++] = field;
            if (count == fields.Length) break;
        }
        if (count < fields.Length) return null;
        var state = rest[fields[0]];
        if (state.Length == 0
            || !TryParseWhole(rest[fields[1]], out int parent)
            || !TryParseWhole(rest[fields[2]], out int group)
            || !TryParseWhole(rest[fields[19]].TrimEnd((byte)'\n'), out long start))
        {
            return null;
        }
        return ((char)state[0], parent, group, start);
    }

    private static bool TryParseWhole(ReadOnlySpan<byte> text, out int value) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;

    private static bool TryParseWhole(ReadOnlySpan<byte> text, out long value) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
}
