using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.AzureML;

/// <summary>
/// An Azure Machine Learning workspace, reached through Azure Resource Manager: jobs are submitted and managed with
/// the ARM job operations of <see cref="TrainingJobsClientOptions.Version"/>. Streaming, downloads and lineage
/// records are not built yet for this backend (see <c>docs/azure.md</c>).
/// </summary>
/// <example>
/// <code>
/// var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(new AzureMLWorkspaceOptions
/// {
///     SubscriptionId = "00000000-0000-0000-0000-000000000000", ResourceGroupName = "rg", WorkspaceName = "ws",
/// }));
/// </code>
/// </example>
public sealed class AzureMLTrainingJobsWorkspace : TrainingJobsWorkspace
{
    /// <summary>Describes an Azure ML workspace.</summary>
    /// <param name="options">The workspace settings; checked here, read again when a client is created.</param>
    /// <exception cref="ArgumentException">A setting is missing or not valid (e.g. a subscription id that is not a GUID).</exception>
    public AzureMLTrainingJobsWorkspace(AzureMLWorkspaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Checked early so a bad setting fails where it is written, not at the first request.
        _ = options.ToScope();
        Options = options;
    }

    /// <summary>The workspace settings.</summary>
    public AzureMLWorkspaceOptions Options { get; }

    /// <inheritdoc />
    internal override JobBackend CreateBackend(TrainingJobsClientOptions options) => new AzureMLJobBackend(Options, options);
}
