namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// Says which entries of a job's log folder are not regular files (a log the job replaced by a link, a FIFO): stream,
/// download and error messages skip those, and the user hears why from the job's warnings.
/// </summary>
internal static class LogFolderCheck
{
    private const int MaxReported = 20;

    /// <summary>One line per log that will not be read, with its kind (and a link's target text, never its content).</summary>
    public static IReadOnlyList<string> Problems(string jobFolder, string logsFolder)
    {
        var shown = Path.GetRelativePath(Path.Combine(jobFolder, "artifacts"), logsFolder).Replace('\\', '/');
        using var logs = DirectoryHandle.TryOpenBelow(jobFolder, logsFolder, out var refusal);
        if (logs is null)
        {
            return DirectoryHandle.StatusOf(logsFolder, followLinks: false).Kind == EntryKind.Missing ? [] : [$"{shown}: {refusal}; its logs are not read"];
        }
        var problems = new List<string>();
        foreach (var name in logs.ReadNames(10_000, out _))
        {
            var entry = PathBytes.Terminated(name);
            var status = logs.Status(entry);
            if (status.Kind is EntryKind.File or EntryKind.Directory or EntryKind.Missing) continue;
            var target = status.Kind == EntryKind.Link ? $" to {PathBytes.Display(logs.ReadLink(entry))}" : "";
            problems.Add($"{shown}/{PathBytes.Display(name)} is {EntryStatus.Describe(status.Kind)}{target}, not a regular file: stream, download and error messages do not read it");
            if (problems.Count == MaxReported) break;
        }
        return problems;
    }
}
