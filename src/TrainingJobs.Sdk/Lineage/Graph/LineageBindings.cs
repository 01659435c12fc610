using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage.Graph;

/// <summary>
/// The one rule for "this input is that job's output": the input's path is the output's recorded folder (or a file in
/// it) AND its content is what the output held when that job ended (same <c>dirHash1</c>, or the same file digests).
/// Both, because equal content alone can come from two jobs, and a path alone may have been rewritten since.
/// </summary>
internal static class LineageBindings
{
    /// <summary>The name of <paramref name="upstream"/>'s output that <paramref name="consumer"/>'s <paramref name="input"/> was, or null.</summary>
    public static string? ProducerOutput(ResolvedInput input, JobRecord consumer, JobRecord upstream)
    {
        if (input.Sha256 is null || string.Equals(consumer.Job.Name, upstream.Job.Name, StringComparison.Ordinal)) return null;
        var value = Normalize(input.Value);
        if (value is null) return null;
        foreach (var (output, folder) in upstream.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (Normalize(folder) is not { } outputFolder) continue;
            var files = upstream.OutputFiles.GetValueOrDefault(output) ?? [];
            if (string.Equals(value, outputFolder, StringComparison.Ordinal))
            {
                // The whole folder: its dirHash1 as recorded at the end, or the same listing file by file.
                if (upstream.OutputDigests.TryGetValue(output, out var digest) && string.Equals(digest.Sha256, input.Sha256, StringComparison.OrdinalIgnoreCase)) return output;
                if (consumer.InputFiles.TryGetValue(input.Name, out var read) && read.Count > 0 && SameFiles(read, files)) return output;
                continue;
            }
            if (value.StartsWith(outputFolder + "/", StringComparison.Ordinal))
            {
                // One file of the folder.
                var relative = value[(outputFolder.Length + 1)..];
                if (files.Any(f => string.Equals(f.Path, relative, StringComparison.Ordinal) && string.Equals(f.Sha256, input.Sha256, StringComparison.OrdinalIgnoreCase))) return output;
            }
        }
        return null;
    }

    private static bool SameFiles(IReadOnlyList<FileDigest> read, IReadOnlyList<FileDigest> written) =>
        read.Count == written.Count &&
        read.Select(f => (f.Path, f.Sha256)).ToHashSet().SetEquals(written.Select(f => (f.Path, f.Sha256)));

    // Paths compared as full paths with / separators and no trailing separator; a value that is not a path (a URI) gives null.
    private static string? Normalize(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains("://", StringComparison.Ordinal) || !Path.IsPathFullyQualified(path)) return null;
        var full = Path.GetFullPath(path).Replace('\\', '/');
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
