using System.Globalization;
using System.Security.Cryptography;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Holds every process a job starts, so that all of them can be found, stopped and the stop verified — by the
/// supervisor on cancel, timeout and exit, and by any reader when the supervisor is gone. The one owner of "which
/// processes are the job's". A job gets, in this order of preference:
/// <list type="bullet">
/// <item>a cgroup (<see cref="ProcessCgroup"/>): v2 with <c>cgroup.kill</c>, else v1 freezer, else v1 pids. Ranks join
/// it before they run the command, so every process the job ever starts is born in it, whatever it does with
/// sessions, process groups or its parents;</item>
/// <item>always, as well: a random token in every rank's environment (<see cref="TokenVariable"/>), inherited by every
/// process the job starts unless it clears its environment, found in <c>/proc/*/environ</c>; the ranks' process
/// groups; and, in the supervisor (a child subreaper), its descendants.</item>
/// </list>
/// What was used is recorded with the job (in its process-groups text), so a reader in another process can stop the
/// job the same way.
/// </summary>
internal sealed class JobContainment
{
    /// <summary>The variable every rank gets, with a random value per job.</summary>
    public const string TokenVariable = "TRAININGJOBS_JOB_TOKEN";

    /// <summary>How long a kill may take to be verified (a process in uninterruptible sleep dies late).</summary>
    private static readonly TimeSpan KillBound = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly ProcessCgroup? _cgroup;
    private readonly bool _holdsDescendants;
    private readonly string _fallbackReason;
    private IReadOnlyList<RecordedProcessGroup> _groups;

    private JobContainment(ContainmentMechanism mechanism, ProcessCgroup? cgroup, string? token, DateTimeOffset? deadline, bool holdsDescendants,
        string fallbackReason, IReadOnlyList<RecordedProcessGroup> groups)
    {
        Mechanism = mechanism;
        _cgroup = cgroup;
        Token = token;
        Deadline = deadline;
        _holdsDescendants = holdsDescendants;
        _fallbackReason = fallbackReason;
        _groups = groups;
    }

    /// <summary>The mechanism the job was given (recorded; its cgroup may be gone by now).</summary>
    public ContainmentMechanism Mechanism { get; }

    /// <summary>The job's cgroup folder while it exists and is one this backend makes; null otherwise.</summary>
    public string? CgroupPath => _cgroup?.Path;

    /// <summary>The job's token (null for a job recorded before tokens existed).</summary>
    public string? Token { get; }

    /// <summary>When <c>limits.timeout</c> runs out, if the job has one.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The file a rank writes its pid to before it runs the command; null without a cgroup.</summary>
    public string? JoinFile => _cgroup?.JoinFile;

    /// <summary>What holds the job's processes, for the supervisor log.</summary>
    public string Description => _cgroup switch
    {
        { Mechanism: ContainmentMechanism.CgroupV2 } g => $"cgroup v2 {g.Path} (killed at once through cgroup.kill), and the token {TokenVariable}",
        { CanFreeze: true } g => $"cgroup v1 {g.Path} (freezer: frozen, killed, thawed), and the token {TokenVariable}",
        { } g => $"cgroup v1 {g.Path} (pids: every member killed until none is left), and the token {TokenVariable}",
        _ => $"process token {TokenVariable} in every rank's environment, the ranks' process groups and the supervisor's descendants (no cgroup: {_fallbackReason})",
    };

    /// <summary>
    /// The supervisor's containment for a new job: a cgroup where the machine allows it, and a fresh token.
    /// <paramref name="deadline"/> is when <c>limits.timeout</c> runs out (recorded, so a reader can enforce it).
    /// <paramref name="ownsSupervisorDescendants"/>: whether every descendant of this process is the job's (false in a
    /// pipeline's supervisor, whose descendants are several steps' processes: each step is held by its cgroup, its
    /// groups and its token only).
    /// </summary>
    public static JobContainment Create(string workspaceHome, string job, ContainmentPreference preference, DateTimeOffset? deadline, bool ownsSupervisorDescendants = true)
    {
        var cgroup = ProcessCgroup.TryCreate(workspaceHome, job, preference, out var whyNot);
        return new JobContainment(cgroup?.Mechanism ?? ContainmentMechanism.ProcessToken, cgroup, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            deadline, holdsDescendants: ownsSupervisorDescendants, whyNot, []);
    }

    /// <summary>The containment a job recorded (see <see cref="Record"/>), as any process can use it; tolerates rows of older versions (groups only).</summary>
    public static JobContainment FromRecord(string? record)
    {
        ProcessCgroup? cgroup = null;
        var recorded = ContainmentMechanism.ProcessToken;
        string? token = null;
        DateTimeOffset? deadline = null;
        foreach (var entry in (record ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = entry.IndexOf('=') is var at and > 0 ? (entry[..at], entry[(at + 1)..]) : ("", "");
            switch (key)
            {
                case "containment" when value.Split(':', 2) is [var kind, var path]:
                    recorded = kind switch { "cgroup2" => ContainmentMechanism.CgroupV2, "cgroup1" => ContainmentMechanism.CgroupV1, _ => ContainmentMechanism.ProcessToken };
                    if (recorded != ContainmentMechanism.ProcessToken) cgroup = ProcessCgroup.Open(recorded, Uri.UnescapeDataString(path));
                    break;
                case "token" when value.Length >= 16 && value.All(char.IsAsciiHexDigitLower):
                    token = value;
                    break;
                case "deadline" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds():
                    deadline = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    break;
            }
        }
        return new JobContainment(recorded, cgroup, token, deadline, holdsDescendants: false,
            recorded != ContainmentMechanism.ProcessToken && cgroup is null ? "the recorded cgroup is gone" : "", RecordedProcessGroup.ParseList(record));
    }

    /// <summary>The ranks' process groups as they start.</summary>
    public void Track(IReadOnlyList<RecordedProcessGroup> groups) => _groups = groups;

    /// <summary>
    /// The workspace form, kept in the job's process-groups text: <c>containment=cgroup2:&lt;path&gt;,token=…,deadline=&lt;unix ms&gt;,</c>
    /// then the groups (<see cref="RecordedProcessGroup.Format"/>). Readers of groups skip the <c>key=value</c> entries.
    /// </summary>
    public string Record()
    {
        var entries = new List<string>
        {
            "containment=" + (_cgroup switch
            {
                { Mechanism: ContainmentMechanism.CgroupV2 } g => "cgroup2:" + Uri.EscapeDataString(g.Path),
                { } g => "cgroup1:" + Uri.EscapeDataString(g.Path),
                _ => "processes:",
            }),
        };
        if (Token is not null) entries.Add("token=" + Token);
        if (Deadline is { } deadline) entries.Add("deadline=" + deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        if (_groups.Count > 0) entries.Add(RecordedProcessGroup.Format(_groups));
        return string.Join(',', entries);
    }

    /// <summary>
    /// Every live process of the job now: the cgroup's members, the members of the ranks' groups, processes with the
    /// job's token, and (in the supervisor) its descendants. Never this process.
    /// </summary>
    public IReadOnlySet<int> LiveProcesses()
    {
        var self = Environment.ProcessId;
        var live = ProcessInfo.Scan().Where(p => p.State is not ('Z' or 'X') && p.Pid != self).ToList();
        var alive = live.Select(p => p.Pid).ToHashSet();
        var found = new HashSet<int>();
        if (_cgroup is not null) found.UnionWith(_cgroup.Members());
        var groups = _groups.Where(g => g.StillNamesTheJob).Select(g => g.Id).ToHashSet();
        found.UnionWith(live.Where(p => groups.Contains(p.ProcessGroup)).Select(p => p.Pid));
        if (_holdsDescendants) found.UnionWith(ProcessInfo.Descendants(self));
        if (Token is not null)
        {
            // Only a process born since the job's first rank can hold its token (a fresh random value, inherited from a
            // rank): the environments of older processes, most of the machine's, need not be read.
            var entry = TokenVariable + "=" + Token;
            var bornSince = EarliestRankStart();
            found.UnionWith(live.Where(p => !found.Contains(p.Pid) && p.StartTime >= bornSince && ProcessInfo.HasEnvironmentEntry(p.Pid, entry)).Select(p => p.Pid));
        }
        found.IntersectWith(alive);
        return found;
    }

    /// <summary>
    /// The kernel start time of the job's earliest rank, before which no process of the job can have started; 0 (every
    /// process) when a rank's start time is unknown or no rank is recorded yet.
    /// </summary>
    private long EarliestRankStart() =>
        _groups.Count > 0 && _groups.All(g => g.LeaderStartTime is not null) ? _groups.Min(g => g.LeaderStartTime!.Value) : 0;

    /// <summary>
    /// Stops the job's processes within one grace period: SIGTERM to all, a wait until they are gone or
    /// <paramref name="deadline"/> passes, then <see cref="Kill"/>. Returns what was verified.
    /// </summary>
    public async Task<StopReport> StopAsync(DateTimeOffset deadline, TimeProvider time)
    {
        // With a cgroup, every process of the job was born in it and none can leave it without write access to another
        // group: an empty group (the usual end of a job that exited) means nothing is left, and the scan of every
        // process on the machine below, milliseconds per job, is not needed.
        if (_cgroup is not null && _cgroup.Members().Count == 0 && !_groups.Any(g => g.StillNamesTheJob && NativeMethods.GroupExists(g.Id))) return StopReport.Nothing;
        var seen = new HashSet<int>(LiveProcesses());
        // Nothing of the job is left (the usual end of a job that exited): a process can only come from another one.
        if (seen.Count == 0 && (_cgroup?.Members().Count ?? 0) == 0) return StopReport.Nothing;
        if (seen.Count == 0) return Kill(time);
        Signal(seen, NativeMethods.SIGTERM);
        while (time.GetUtcNow() < deadline)
        {
            var left = deadline - time.GetUtcNow();
            await Task.Delay(left < Poll ? left : Poll, time).ConfigureAwait(false);
            var live = LiveProcesses();
            if (live.Count == 0) break;
            seen.UnionWith(live);
        }
        var killed = Kill(time);
        return new StopReport(seen.Concat(killed.Stopped).Except(killed.Survivors).ToHashSet(), killed.Survivors);
    }

    /// <summary>
    /// SIGKILLs every process of the job — the cgroup at once, then whatever else is found — until none is left or
    /// <see cref="KillBound"/> passes, and reports what it verified.
    /// </summary>
    public StopReport Kill(TimeProvider time)
    {
        var seen = new HashSet<int>();
        var until = time.GetUtcNow() + KillBound;
        while (true)
        {
            if (_cgroup is not null) seen.UnionWith(_cgroup.KillAll());
            var live = LiveProcesses();
            seen.UnionWith(live);
            Signal(live, NativeMethods.SIGKILL);
            if (live.Count == 0 && (_cgroup?.Members().Count ?? 0) == 0) break;
            if (time.GetUtcNow() >= until) break;
            // A SIGKILLed process still shows until the kernel has torn it down; this wait is bounded by KillBound.
            Thread.Sleep(Poll);
        }
        var survivors = LiveProcesses();
        return new StopReport(seen.Except(survivors).ToHashSet(), survivors.ToHashSet());
    }

    /// <summary>Removes the job's cgroup once it is empty (and the workspace's parent group when it is the last).</summary>
    public void Remove() => _cgroup?.TryRemove();

    private void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var group in _groups.Where(g => g.StillNamesTheJob)) NativeMethods.SignalGroup(group.Id, signal);
        foreach (var pid in pids) NativeMethods.SignalProcess(pid, signal);
    }
}
