using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// Turns a path the job names (code, an asset input) into a full local path, or reports why the local backend cannot
/// read it: an Azure ML reference, a remote scheme, a missing path, or something that is neither a file nor a folder.
/// </summary>
internal static class LocalPathResolver
{
    /// <summary>The full path of <paramref name="text"/> (a local path or <c>file:</c> URI), or null after reporting why not at <paramref name="path"/>.</summary>
    public static string? Resolve(string text, string path, PlanningContext context)
    {
        if (text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase))
        {
            context.Error(LocalDiagnosticCodes.NeedsAzureWorkspace, path,
                $"'{text}' is an Azure ML asset or datastore reference, which needs an Azure workspace; the local backend reads local files, folders and file:// URIs.");
            return null;
        }
        string local;
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            local = text["file:".Length..];
            if (local.StartsWith("//", StringComparison.Ordinal)) local = local[2..];
            local = Uri.UnescapeDataString(local);
        }
        else if (text.Contains("://", StringComparison.Ordinal) || text.StartsWith("git+", StringComparison.OrdinalIgnoreCase))
        {
            context.Error(LocalDiagnosticCodes.UnsupportedScheme, path,
                $"'{text}' is a remote location; the local backend reads local files, folders and file:// URIs only.");
            return null;
        }
        else local = text;
        var full = Path.GetFullPath(local, context.BaseDirectory);
        if (!Path.Exists(full))
        {
            context.Error(LocalDiagnosticCodes.PathNotFound, path, $"'{text}' does not exist (looked at {full}).");
            return null;
        }
        if (DirectoryHandle.StatusOf(full, followLinks: true).Kind is not (EntryKind.File or EntryKind.Directory) and var kind)
        {
            // Reading a device or a FIFO may never end (or never start): refused before anything opens it.
            context.Error(LocalDiagnosticCodes.NotAFileOrFolder, path,
                $"'{text}' is {EntryStatus.Describe(kind)} (looked at {full}); the local backend reads regular files and folders only.");
            return null;
        }
        return full.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : full;
    }
}
