using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Copies a job's code folder into the job (honouring <c>.amlignore</c>, else <c>.gitignore</c>) and digests what it
/// copied; also copies inputs in <c>download</c> mode. The copying itself is <see cref="FileTree"/>'s: links are not
/// followed, special files are skipped, and what was left out comes back as lines to warn with.
/// </summary>
internal static class CodeSnapshot
{
    /// <summary>Folders never copied: version-control metadata.</summary>
    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.Ordinal) { ".git" };

    /// <summary>The copy: its <c>dirHash1</c>, the rule file used, how many files, and what the user should hear about (skipped entries, kept folder links).</summary>
    public sealed record Snapshot(string Digest, string? IgnoreFile, int FileCount, IReadOnlyList<string> Notices)
    {
        /// <summary>Every file and link copied, with its digest (empty in a rehearsal).</summary>
        public IReadOnlyList<FileDigest> Files { get; init; } = [];
    }

    /// <summary>
    /// Copies <paramref name="source"/> (a folder or one file) into <paramref name="target"/>, never entering
    /// <paramref name="workspace"/> (the workspace folder, when it lies inside the code folder). With
    /// <paramref name="target"/> null it rehearses the copy: the same walk and notices, nothing written, no file read
    /// (the digest is then meaningless).
    /// </summary>
    public static Snapshot Take(string source, string? target, string? workspace)
    {
        string? refusal = null;
        using var to = target is null ? null : DirectoryHandle.TryCreateBelow(Path.GetDirectoryName(target)!, target, out refusal) ?? throw new IOException(refusal);
        if (DirectoryHandle.StatusOf(source, followLinks: true).Kind != EntryKind.Directory)
        {
            var one = FileTree.CopyOne(source, to, TreeLimits.Default, TimeProvider.System);
            return new Snapshot(one.Digest, null, one.Files, one.Report("").ToList()) { Files = target is null ? [] : one.Listing() };
        }
        var rules = IgnoreRules.ForFolder(source);
        using var from = DirectoryHandle.TryOpen(source, out refusal) ?? throw new IOException(refusal);
        var home = workspace is null ? EntryStatus.Missing : DirectoryHandle.StatusOf(workspace, followLinks: true);
        var tree = new FileTree(TreeLimits.Default, TimeProvider.System)
        {
            Include = (relative, isDirectory) => !(isDirectory && AlwaysSkipped.Contains(relative[(relative.LastIndexOf('/') + 1)..])) && !rules.IsIgnored(relative, isDirectory),
            Excluded = home.Kind == EntryKind.Directory
                ? (home.Device, home.Inode, "the workspace folder (TRAININGJOBS_HOME) is inside the code folder: not copied into the job")
                : null,
        };
        var result = to is null ? tree.RehearseCopy(from) : tree.Copy(from, to);
        return new Snapshot(result.Digest, rules.Source, result.Files, result.Report("").ToList()) { Files = to is null ? [] : result.Listing() };
    }

    /// <summary>
    /// Copies an input (a file or a folder, as it is: no ignore rules) into <paramref name="target"/>; returns what the
    /// user should hear about. With <paramref name="target"/> null it rehearses the copy, as <see cref="Take"/> does.
    /// </summary>
    public static IReadOnlyList<string> CopyInput(string source, string? target)
    {
        string? refusal = null;
        using var to = target is null ? null : DirectoryHandle.TryCreateBelow(Path.GetDirectoryName(target)!, target, out refusal) ?? throw new IOException(refusal);
        if (DirectoryHandle.StatusOf(source, followLinks: true).Kind != EntryKind.Directory)
        {
            return FileTree.CopyOne(source, to, TreeLimits.Default, TimeProvider.System).Report("").ToList();
        }
        using var from = DirectoryHandle.TryOpen(source, out refusal) ?? throw new IOException(refusal);
        var tree = new FileTree(TreeLimits.Default, TimeProvider.System);
        return (to is null ? tree.RehearseCopy(from) : tree.Copy(from, to)).Report("").ToList();
    }
}
