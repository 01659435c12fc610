using System.Globalization;
using System.Text;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The cgroup hierarchies mounted in this process's view, read from <c>/proc/self/mountinfo</c> (never assumed at
/// <c>/sys/fs/cgroup</c>: hybrid systems mount v2 at <c>/sys/fs/cgroup/unified</c>, containers elsewhere).
/// </summary>
/// <param name="Version">1 or 2.</param>
/// <param name="MountPoint">Where the hierarchy is mounted.</param>
/// <param name="Controllers">The v1 controllers of the hierarchy (empty for v2).</param>
/// <param name="Parents">Where a job's group may be made: the mount's root, then this process's own group in it.</param>
internal sealed record CgroupMount(int Version, string MountPoint, IReadOnlySet<string> Controllers, IReadOnlyList<string> Parents)
{
    private static readonly Lazy<IReadOnlyList<CgroupMount>> s_ofThisProcess = new(Read);

    /// <summary>
    /// <see cref="Read"/> once per process, for the supervisor's job groups: a pipeline's supervisor makes one per step,
    /// and reading mountinfo for each cost 3 % of its CPU; a supervisor lives as long as its job, and mounts outlive it.
    /// </summary>
    public static IReadOnlyList<CgroupMount> OfThisProcess => s_ofThisProcess.Value;

    /// <summary>Every cgroup mount, or none when <c>/proc</c> cannot tell.</summary>
    public static IReadOnlyList<CgroupMount> Read()
    {
        string[] mountInfo;
        string[] ownGroups;
        try
        {
            mountInfo = File.ReadAllLines("/proc/self/mountinfo");
            ownGroups = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var mounts = new List<CgroupMount>();
        foreach (var line in mountInfo)
        {
            // id parent major:minor root mount-point options [optional...] - fstype source super-options
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 6 || tail.Length < 3) continue;
            var root = Unescape(fields[3]);
            var mountPoint = Unescape(fields[4]);
            var version = tail[0] switch { "cgroup2" => 2, "cgroup" => 1, _ => 0 };
            if (version == 0 || fields[5].Split(',').Contains("ro")) continue;
            var controllers = version == 1 ? tail[2].Split(',').ToHashSet(StringComparer.Ordinal) : [];
            var parents = new List<string> { mountPoint };
            if (OwnGroup(ownGroups, version, controllers) is { } own && own.StartsWith(root, StringComparison.Ordinal))
            {
                var relative = own[root.Length..].Trim('/');
                if (relative.Length > 0) parents.Add(Path.Combine(mountPoint, relative));
            }
            mounts.Add(new CgroupMount(version, mountPoint, controllers, parents));
        }
        return mounts;
    }

    /// <summary>This process's group in a hierarchy, from <c>/proc/self/cgroup</c> (<c>id:controllers:path</c>).</summary>
    private static string? OwnGroup(string[] ownGroups, int version, IReadOnlySet<string> controllers)
    {
        foreach (var line in ownGroups)
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3) continue;
            var matches = version == 2
                ? parts[0] == "0" && parts[1].Length == 0
                : parts[1].Split(',').Any(controllers.Contains);
            if (matches) return parts[2];
        }
        return null;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as <c>\ooo</c>.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && int.TryParse(text.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 3), 8));
                i += 3;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
