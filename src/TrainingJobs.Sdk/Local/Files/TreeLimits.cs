namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// Bounds on one walk of a folder the job may have filled: entries seen, bytes read, time spent and folder depth.
/// A walk that reaches one stops and says so (<see cref="TreeResult.Stopped"/>); it never truncates silently.
/// </summary>
/// <param name="MaxEntries">Files, folders, links and special files seen, together.</param>
/// <param name="MaxBytes">Bytes of regular files read (a sparse file counts at its full size).</param>
/// <param name="MaxDuration">Wall time for the whole walk.</param>
/// <param name="MaxDepth">Folders below the root; deeper ones are skipped with a reason.</param>
internal sealed record TreeLimits(int MaxEntries, long MaxBytes, TimeSpan MaxDuration, int MaxDepth)
{
    /// <summary>100 000 entries, 64 GiB, 10 minutes, 64 folders deep: far above a real training output, far below a runaway one.</summary>
    public static TreeLimits Default { get; } = new(100_000, 64L << 30, TimeSpan.FromMinutes(10), 64);
}
