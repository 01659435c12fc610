using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// One job's control group: <c>&lt;cgroup mount&gt;/trainingjobs-&lt;workspace&gt;/&lt;job&gt;</c>. Every process the job
/// starts is born into it (a rank joins before it runs the command) and no process can leave it without write
/// access to another group's <c>cgroup.procs</c>, so it holds every process of the job, whatever sessions, groups or
/// parents they have. v2 kills the whole group with one write to <c>cgroup.kill</c>; v1 freezes it (the freezer
/// hierarchy; no process can fork while frozen), kills every member, then thaws it.
/// </summary>
internal sealed class ProcessCgroup
{
    private const string ParentPrefix = "trainingjobs-";

    private ProcessCgroup(ContainmentMechanism mechanism, string path)
    {
        Mechanism = mechanism;
        Path = path;
    }

    /// <summary><see cref="ContainmentMechanism.CgroupV2"/> or <see cref="ContainmentMechanism.CgroupV1"/>.</summary>
    public ContainmentMechanism Mechanism { get; }

    /// <summary>The group's folder.</summary>
    public string Path { get; }

    /// <summary>The file a process writes its pid to, to move into the group.</summary>
    public string JoinFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>Whether the group is in a v1 freezer hierarchy (it is frozen while its members are killed).</summary>
    public bool CanFreeze => File.Exists(System.IO.Path.Combine(Path, "freezer.state"));

    // Parent folders where a process was seen to join a new group (see TryCreate).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> JoinableParents = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the job's group where the machine allows it: a v2 group with <c>cgroup.kill</c> (Linux 5.14+), else a
    /// v1 freezer group, else a v1 pids group; under the mount's root when writable (root), else under this process's
    /// own group (a delegated subtree). Null, with the reasons, when none can be made and joined.
    /// </summary>
    public static ProcessCgroup? TryCreate(string workspaceHome, string job, ContainmentPreference preference, out string whyNot)
    {
        var reasons = new List<string>();
        var parentName = ParentPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workspaceHome)))[..12];
        var mounts = CgroupMount.OfThisProcess;
        var candidates = new List<(ContainmentMechanism, string Root)>();
        if (preference == ContainmentPreference.Automatic)
        {
            candidates.AddRange(mounts.Where(m => m.Version == 2).SelectMany(m => m.Parents).Select(p => (ContainmentMechanism.CgroupV2, p)));
        }
        if (preference is ContainmentPreference.Automatic or ContainmentPreference.Cgroup1)
        {
            // The freezer before pids: freezing closes the race with a process that forks while it is being killed.
            candidates.AddRange(mounts.Where(m => m.Version == 1 && m.Controllers.Contains("freezer")).SelectMany(m => m.Parents).Select(p => (ContainmentMechanism.CgroupV1, p)));
            candidates.AddRange(mounts.Where(m => m.Version == 1 && m.Controllers.Contains("pids") && !m.Controllers.Contains("freezer"))
                .SelectMany(m => m.Parents).Select(p => (ContainmentMechanism.CgroupV1, p)));
        }
        if (preference == ContainmentPreference.Processes) reasons.Add("cgroups were turned off for this workspace");
        else if (candidates.Count == 0) reasons.Add("no cgroup hierarchy is mounted");
        foreach (var (mechanism, root) in candidates)
        {
            var path = System.IO.Path.Combine(root, parentName, job);
            try
            {
                Directory.CreateDirectory(path);
                var group = new ProcessCgroup(mechanism, path);
                if (mechanism == ContainmentMechanism.CgroupV2 && !File.Exists(System.IO.Path.Combine(path, "cgroup.kill")))
                {
                    reasons.Add($"{path} has no cgroup.kill (Linux 5.14+)");
                    group.TryRemove();
                    continue;
                }
                if (!JoinableParents.ContainsKey(System.IO.Path.Combine(root, parentName)) && !group.CanJoin())
                {
                    reasons.Add($"a process cannot move into {path}");
                    group.TryRemove();
                    continue;
                }
                // Proven once per parent folder and process: a pipeline's supervisor makes one group per step, and a
                // probe process each would cost more than many steps' commands. A rank still checks its own join and
                // refuses to run outside the group (RankScript), so a later surprise cannot go unseen.
                JoinableParents.TryAdd(System.IO.Path.Combine(root, parentName), true);
                whyNot = "";
                return group;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reasons.Add($"{System.IO.Path.Combine(root, parentName)}: {e.Message}");
            }
        }
        whyNot = string.Join("; ", reasons.Distinct());
        return null;
    }

    /// <summary>
    /// The group a workspace recorded, if the path is one this backend makes (a job folder under a
    /// <c>trainingjobs-*</c> folder on a cgroup mount of that version) and it still exists; null otherwise.
    /// </summary>
    public static ProcessCgroup? Open(ContainmentMechanism mechanism, string path)
    {
        if (!System.IO.Path.IsPathFullyQualified(path) || System.IO.Path.GetFullPath(path) != path) return null;
        var parent = System.IO.Path.GetDirectoryName(path);
        if (parent is null || !System.IO.Path.GetFileName(parent).StartsWith(ParentPrefix, StringComparison.Ordinal)) return null;
        var version = mechanism == ContainmentMechanism.CgroupV2 ? 2 : 1;
        var onMount = CgroupMount.Read().Any(m => m.Version == version && path.StartsWith(m.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal));
        return onMount && Directory.Exists(path) ? new ProcessCgroup(mechanism, path) : null;
    }

    /// <summary>The live processes in the group (zombies have left it already).</summary>
    public IReadOnlyList<int> Members()
    {
        try
        {
            return [.. File.ReadAllLines(JoinFile).Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 1)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>SIGKILLs every process in the group at once; returns the members it saw first (to report them).</summary>
    public IReadOnlyList<int> KillAll()
    {
        var members = Members();
        if (members.Count == 0) return members;
        if (Mechanism == ContainmentMechanism.CgroupV2)
        {
            TryWrite("cgroup.kill", "1");
            return members;
        }
        var frozen = CanFreeze && TryWrite("freezer.state", "FROZEN") && WaitFrozen();
        foreach (var pid in Members()) NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
        // SIGKILL is delivered to a frozen process once it thaws.
        if (frozen || CanFreeze) TryWrite("freezer.state", "THAWED");
        return members;
    }

    /// <summary>Removes the group (it must be empty), and the workspace's parent folder when no other job uses it.</summary>
    public bool TryRemove()
    {
        try
        {
            // rmdir(2): a cgroup folder's files are not real files and go with it.
            Directory.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists(Path);
        }
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { } parent) Directory.Delete(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another job of the workspace still has its group there.
        }
        return true;
    }

    /// <summary>Whether a new process can move itself into the group (write access to every cgroup.procs involved).</summary>
    private bool CanJoin()
    {
        string[] probe = ["/bin/sh", "-c", "echo $$ >\"$0\"", JoinFile];
        try
        {
            int? spawned;
            // Registered like a rank: another job's reaper in this process must not wait for it (see OrphanReaper).
            lock (OrphanReaper.StartLock)
            {
                // One posix_spawn where the libc has it (Process.Start's first use in a supervisor cost milliseconds).
                spawned = RankSpawn.TrySpawn(probe, [], "/", "/dev/null");
                if (spawned is { } started) OrphanReaper.RegisterRank(started);
            }
            if (spawned is not { } pid) return CanJoinWithProcess(probe);
            try
            {
                return RankSpawn.WaitForExit(pid) == 0;
            }
            finally
            {
                OrphanReaper.ForgetRank(pid);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The probe where <see cref="RankSpawn"/> cannot: a <see cref="Process"/>.</summary>
    private static bool CanJoinWithProcess(string[] probe)
    {
        var start = new ProcessStartInfo(probe[0]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in probe.Skip(1)) start.ArgumentList.Add(argument);
        Process started;
        lock (OrphanReaper.StartLock)
        {
            started = Process.Start(start)!;
            OrphanReaper.RegisterRank(started.Id);
        }
        using var process = started;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        OrphanReaper.ForgetRank(process.Id);
        return process.ExitCode == 0;
    }

    /// <summary>Waits a bounded time for the v1 freezer to report FROZEN (a process in uninterruptible sleep delays it).</summary>
    private bool WaitFrozen()
    {
        for (var tries = 0; tries < 200; tries++)
        {
            try
            {
                if (File.ReadAllText(System.IO.Path.Combine(Path, "freezer.state")).Trim() == "FROZEN") return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
            Thread.Sleep(5);
        }
        return false;
    }

    private bool TryWrite(string file, string text)
    {
        try
        {
            File.WriteAllText(System.IO.Path.Combine(Path, file), text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
