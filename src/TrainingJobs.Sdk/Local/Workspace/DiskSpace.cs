namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>How full the disk holding the workspace is: the one place that says when it counts as full.</summary>
internal static class DiskSpace
{
    /// <summary>Below this much free space (1 MiB) the disk is full as far as the workspace is concerned: SQLite and a job's writes fail.</summary>
    public const long FullBelow = 1 << 20;

    /// <summary>Whether the disk holding <paramref name="path"/> (a file or folder on it) is full; false when that cannot be told.</summary>
    public static bool IsFull(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace < FullBelow;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
