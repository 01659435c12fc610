namespace TrainingJobs.Sdk.AzureML;

/// <summary>The Azure ML workspace a job lives in; short references (<c>azureml:cpu-cluster</c>) resolve against it.</summary>
/// <param name="SubscriptionId">The subscription id.</param>
/// <param name="ResourceGroup">The resource group name.</param>
/// <param name="WorkspaceName">The workspace name.</param>
public sealed record AzureMLWorkspaceScope(string SubscriptionId, string ResourceGroup, string WorkspaceName)
{
    private const string WorkspacePattern = "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.MachineLearningServices/workspaces/{2}";

    /// <summary>The ARM id of the workspace.</summary>
    public string ResourceId => string.Format(System.Globalization.CultureInfo.InvariantCulture, WorkspacePattern, SubscriptionId, ResourceGroup, WorkspaceName);

    /// <summary>The ARM id of a job in the workspace.</summary>
    /// <param name="jobName">The job name.</param>
    public string JobId(string jobName) => $"{ResourceId}/jobs/{jobName}";

    /// <summary>
    /// Reads the workspace from any ARM id inside it (a job, compute or asset id); null when the id is not a
    /// Machine Learning workspace id or a child of one.
    /// </summary>
    /// <param name="armId">The ARM id.</param>
    public static AzureMLWorkspaceScope? FromResourceId(string? armId)
    {
        if (string.IsNullOrEmpty(armId)) return null;
        var segments = armId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 8) return null;
        var ok = segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            && segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            && segments[5].Equals("Microsoft.MachineLearningServices", StringComparison.OrdinalIgnoreCase)
            && segments[6].Equals("workspaces", StringComparison.OrdinalIgnoreCase);
        return ok ? new AzureMLWorkspaceScope(segments[1], segments[3], segments[7]) : null;
    }
}
