using TrainingJobs.Sdk.Lineage;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// The git lineage azure-ai-ml adds to a job's properties (<c>get_git_properties</c>): repository URL with any
/// credentials removed, branch, commit and whether the code folder has changes. The state is
/// <see cref="GitInspector"/>'s (the one reader both backends use); when git is missing or the folder is not in a
/// work tree, there are none (submission goes on without them).
/// </summary>
internal static class GitProperties
{
    public const string RepositoryUrl = "mlflow.source.git.repoURL";
    public const string Branch = "mlflow.source.git.branch";
    public const string Commit = "mlflow.source.git.commit";
    public const string Dirty = "azureml.git.dirty";

    /// <summary>The properties for <paramref name="folder"/>; empty outside a git work tree or without git.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (await GitInspector.ReadAsync(folder, cancellationToken).ConfigureAwait(false) is not { } git) return result;
        if (git.RemoteUrl is { } url) result[RepositoryUrl] = url;
        // A detached HEAD is "HEAD", as git rev-parse --abbrev-ref (which azure-ai-ml runs) names it.
        result[Branch] = git.Branch ?? "HEAD";
        if (git.Commit is { } commit) result[Commit] = commit;
        // azure-ai-ml writes Python's bool text.
        result[Dirty] = git.IsDirty ? "True" : "False";
        return result;
    }
}
