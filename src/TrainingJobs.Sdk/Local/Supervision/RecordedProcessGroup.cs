using System.Globalization;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// A job's process group as the workspace records it: the group number (the pid of the rank that leads it) and
/// the kernel start time of that leader. Signals go to a recorded group only while the number still names the
/// job's group, because pids wrap around (often at 32768) and a stale number may lead a stranger's group.
/// </summary>
/// <param name="Id">The process group number.</param>
/// <param name="LeaderStartTime">The leader's kernel start time; null when it had already exited when recorded.</param>
internal readonly record struct RecordedProcessGroup(int Id, long? LeaderStartTime)
{
    /// <summary>
    /// Whether signalling group <see cref="Id"/> reaches only this job's processes: its leader is the process
    /// recorded, or no process has that pid. (While any member of the job's group lives, the kernel keeps the
    /// number reserved, so a process with that pid and another start time means the group is gone and the
    /// number was reused.)
    /// </summary>
    public bool StillNamesTheJob => ProcessInfo.StartTime(Id) is not { } leader || leader == LeaderStartTime;

    /// <summary>SIGKILLs every process still in those of <paramref name="groups"/> that still name the job.</summary>
    public static void KillAll(IEnumerable<RecordedProcessGroup> groups)
    {
        foreach (var group in groups)
        {
            if (group.StillNamesTheJob) NativeMethods.SignalGroup(group.Id, NativeMethods.SIGKILL);
        }
    }

    /// <summary>The workspace form: <c>id:start,id:start</c> (<c>id</c> alone when the start time is unknown).</summary>
    public static string Format(IEnumerable<RecordedProcessGroup> groups) =>
        string.Join(',', groups.Select(g => g.LeaderStartTime is { } start
            ? g.Id.ToString(CultureInfo.InvariantCulture) + ":" + start.ToString(CultureInfo.InvariantCulture)
            : g.Id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Reads the workspace form; unreadable entries are skipped (never signal a number we cannot read), and so are the
    /// <c>key=value</c> entries <see cref="JobContainment"/> records in the same text.
    /// </summary>
    public static IReadOnlyList<RecordedProcessGroup> ParseList(string? text)
    {
        var groups = new List<RecordedProcessGroup>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            long? start = parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            groups.Add(new RecordedProcessGroup(id, start));
        }
        return groups;
    }
}
