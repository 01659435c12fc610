namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Local paths of a parent job's children made absolute at submit: a step or trial is planned later, by the parent's
/// supervisor, whose working folder is not the submitter's. Anything that is not a local path (an <c>azureml:</c>
/// reference, a URL) is left for the planner to judge.
/// </summary>
internal static class SubmittedPaths
{
    /// <summary>Whether <paramref name="path"/> names a local file or folder (a plain path or a <c>file://</c> URI).</summary>
    public static bool IsLocal(string path) =>
        path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ||
        (!path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="path"/> resolved against <paramref name="folder"/> when it is local; otherwise as it is.</summary>
    public static string? Absolute(string? path, string folder)
    {
        if (path is null || !IsLocal(path)) return path;
        var local = path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path;
        return Path.GetFullPath(local, folder);
    }
}
