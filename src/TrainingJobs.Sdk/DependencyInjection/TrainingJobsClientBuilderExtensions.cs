using Azure.Core;
using Azure.Core.Extensions;
using Microsoft.Extensions.Configuration;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.DependencyInjection;

// In this namespace, as the Azure SDK's clients put their Add…Client methods for AddAzureClients.
namespace Microsoft.Extensions.Azure;

/// <summary>
/// Adds <see cref="TrainingJobsClient"/> to <c>Microsoft.Extensions.Azure</c>'s <c>AddAzureClients</c>, so that its
/// <c>IAzureClientFactory&lt;TrainingJobsClient&gt;</c> creates named clients, with the builder's credential, name and
/// option settings.
/// </summary>
public static class TrainingJobsClientBuilderExtensions
{
    /// <summary>
    /// Registers a client for the workspace a configuration section describes: the same keys as one
    /// <c>TrainingJobs:Workspaces:&lt;name&gt;</c> section of <c>AddTrainingJobs</c> (<c>Kind</c>, then <c>Home</c>, … or
    /// <c>SubscriptionId</c>, …). An Azure ML workspace is signed in to with the builder's credential
    /// (<c>WithCredential</c>, <c>UseCredential</c>; else a new <see cref="global::Azure.Identity.DefaultAzureCredential"/>).
    /// </summary>
    /// <typeparam name="TBuilder">The <c>AddAzureClients</c> builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The workspace section.</param>
    /// <returns>The client's registration, for <c>WithName</c>, <c>WithCredential</c> and <c>ConfigureOptions</c>.</returns>
    /// <exception cref="ArgumentException">The section does not describe a valid workspace (every problem, with its key).</exception>
    public static IAzureClientBuilder<TrainingJobsClient, TrainingJobsClientOptions> AddTrainingJobsClient<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IAzureClientFactoryBuilderWithConfiguration<IConfiguration>, IAzureClientFactoryBuilderWithCredential
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var workspace = new TrainingJobsWorkspaceOptions();
        WorkspaceConfiguration.BindWorkspace(configuration, workspace);
        // Checked here, where the section is registered, with the rules AddTrainingJobs checks at start.
        var problems = TrainingJobsOptionsValidator.FindWorkspaceProblems(workspace, (configuration as IConfigurationSection)?.Path ?? "").ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(configuration));
        return ((IAzureClientFactoryBuilderWithCredential)builder).RegisterClientFactory<TrainingJobsClient, TrainingJobsClientOptions>(
            (options, credential) => Create(workspace, options, credential), requiresCredential: false);
    }

    private static TrainingJobsClient Create(TrainingJobsWorkspaceOptions workspace, TrainingJobsClientOptions options, TokenCredential? credential)
    {
        // Each registration reads its own section into its own options, so setting the credential here touches no other client.
        if (workspace.Kind == TrainingJobsWorkspaceKind.AzureML && credential is not null) workspace.AzureML.Credential ??= credential;
        return workspace.CreateClient(options);
    }
}
