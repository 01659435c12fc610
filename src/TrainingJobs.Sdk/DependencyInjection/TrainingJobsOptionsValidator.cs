using Microsoft.Extensions.Options;

namespace TrainingJobs.Sdk.DependencyInjection;

/// <summary>
/// Checks <see cref="TrainingJobsOptions"/> when they are first built (at host start, through <c>ValidateOnStart</c>):
/// every problem, each with its configuration key, in one failure. The rules of a workspace's settings are the
/// workspace options' own (<c>AzureMLWorkspaceOptions.FindProblems</c>, <c>LocalWorkspaceOptions.FindProblems</c>);
/// this adds only what registration needs: a kind, a local home, a default that names a workspace.
/// </summary>
internal sealed class TrainingJobsOptionsValidator : IValidateOptions<TrainingJobsOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingJobsOptions options)
    {
        var problems = FindProblems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> FindProblems(TrainingJobsOptions options)
    {
        var workspacesKey = options.Key(nameof(TrainingJobsOptions.Workspaces));
        if (options.Workspaces.Count == 0) yield return $"{workspacesKey}: no workspace is configured; add a section {workspacesKey}:<name> with a Kind ({WorkspaceConfiguration.KindNames}).";
        foreach (var (workspaceName, workspace) in options.Workspaces)
        {
            if (workspace is null)
            {
                yield return $"{workspacesKey}:{workspaceName}: no settings.";
                continue;
            }
            foreach (var problem in FindWorkspaceProblems(workspace, workspace.ConfigurationPath ?? $"{workspacesKey}:{workspaceName}")) yield return problem;
        }
        var defaultKey = options.Key(nameof(TrainingJobsOptions.DefaultWorkspace));
        if (options.DefaultWorkspace is { Length: > 0 } defaultName)
        {
            if (!options.Workspaces.ContainsKey(defaultName))
            {
                yield return $"{defaultKey}: '{defaultName}' is not a configured workspace (configured: {Names(options)}).";
            }
        }
        else if (options.Workspaces.Count > 1)
        {
            yield return $"{defaultKey}: required when several workspaces are configured ({Names(options)}): the one TrainingJobsClient runs jobs in.";
        }
    }

    /// <summary>The problems of one workspace's settings, each after its key (<paramref name="prefix"/>, the workspace's section, and the setting).</summary>
    internal static IEnumerable<string> FindWorkspaceProblems(TrainingJobsWorkspaceOptions workspace, string prefix)
    {
        foreach (var (key, message) in workspace.ConfigurationProblems) yield return $"{key}: {message}";
        if (workspace.ConfigurationProblems.Count > 0) yield break; // a kind that could not be read: its settings were not bound
        var settings = workspace.Kind switch
        {
            TrainingJobsWorkspaceKind.Local => LocalProblems(workspace.Local),
            TrainingJobsWorkspaceKind.AzureML => workspace.AzureML.FindProblems(),
            _ => [(WorkspaceConfiguration.KindKey, $"a workspace kind is required: {WorkspaceConfiguration.KindNames}.")],
        };
        var separator = prefix.Length == 0 ? "" : ":";
        foreach (var (property, message) in settings) yield return $"{prefix}{separator}{property}: {message}";
    }

    private static IEnumerable<(string Property, string Message)> LocalProblems(Local.LocalWorkspaceOptions local)
    {
        if (string.IsNullOrWhiteSpace(local.Home))
        {
            yield return (nameof(local.Home), "the workspace folder of a local workspace is required.");
        }
        foreach (var problem in local.FindProblems()) yield return problem;
    }

    private static string Names(TrainingJobsOptions options) => string.Join(", ", options.Workspaces.Keys.Order(StringComparer.OrdinalIgnoreCase));
}
