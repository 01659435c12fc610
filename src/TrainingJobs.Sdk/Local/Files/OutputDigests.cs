namespace TrainingJobs.Sdk.Local.Files;

/// <summary>The digest of one output folder of a finished job, taken without following anything out of the job folder.</summary>
internal static class OutputDigests
{
    /// <summary>
    /// Digests <paramref name="folder"/> (below <paramref name="jobFolder"/>); null when it does not exist. A folder
    /// the job replaced by a link is not followed: the result is empty with the reason in <see cref="TreeResult.Stopped"/>.
    /// </summary>
    public static TreeResult? Of(string jobFolder, string folder, TimeProvider time)
    {
        using var root = DirectoryHandle.TryOpenBelow(jobFolder, folder, out var refusal);
        if (root is not null) return FileTree.Digest(root, TreeLimits.Default, time);
        if (DirectoryHandle.StatusOf(folder, followLinks: false).Kind == EntryKind.Missing) return null;
        return new TreeResult { Stopped = "not digested: " + refusal };
    }
}
