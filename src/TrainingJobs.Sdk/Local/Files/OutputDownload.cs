using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// Copies one output of a finished job out of its folder for <c>download</c>: nothing the job left is followed out
/// of the job folder, and nothing is written through a link already in the download folder (see <see cref="FileTree"/>).
/// </summary>
internal static class OutputDownload
{
    /// <summary>What was copied, and what was left out (paths relative to the download folder).</summary>
    public sealed record Outcome(int Files, long Bytes, IReadOnlyList<SkippedItem> Skipped);

    /// <summary>
    /// Copies <paramref name="from"/> (below <paramref name="jobFolder"/>) to <paramref name="relativeTarget"/> below
    /// <paramref name="downloadFolder"/>; null when the output has nothing to download.
    /// </summary>
    public static Outcome? Fetch(string jobFolder, string from, string downloadFolder, string relativeTarget, TimeProvider time)
    {
        var shown = relativeTarget.Replace('\\', '/');
        using var source = DirectoryHandle.TryOpenBelow(jobFolder, from, out var refusal);
        if (source is null)
        {
            // The job may have replaced its output folder with a link (or a file): say so instead of "nothing there".
            return DirectoryHandle.StatusOf(from, followLinks: false).Kind == EntryKind.Missing ? null : new Outcome(0, 0, [new SkippedItem(shown, refusal!)]);
        }
        if (source.ReadNames(1, out _).Count == 0) return null;
        using var target = DirectoryHandle.TryCreateBelow(downloadFolder, Path.Combine(downloadFolder, relativeTarget), out refusal);
        if (target is null) return new Outcome(0, 0, [new SkippedItem(shown, "in the target folder, " + refusal)]);
        var result = new FileTree(TreeLimits.Default, time).Copy(source, target);
        var skipped = result.Skipped.Select(s => s with { Path = shown + "/" + s.Path }).ToList();
        if (result.Stopped is { } stopped) skipped.Add(new SkippedItem(shown, stopped));
        return new Outcome(result.Files, result.Bytes, skipped);
    }
}
