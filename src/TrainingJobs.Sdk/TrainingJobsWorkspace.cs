using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk;

/// <summary>
/// Where a <see cref="TrainingJobsClient"/> runs jobs: a description of a workspace, from which the client gets its
/// backend: <see cref="Local.LocalTrainingJobsWorkspace"/> (the embedded local workspace) or
/// <see cref="AzureML.AzureMLTrainingJobsWorkspace"/> (an Azure Machine Learning workspace over ARM).
/// </summary>
/// <remarks>Only this library derives from it: a workspace is a description the SDK knows how to connect to.</remarks>
public abstract class TrainingJobsWorkspace
{
    // Only this assembly (and the assemblies it trusts) may derive: CreateBackend is internal too.
    private protected TrainingJobsWorkspace()
    {
    }

    /// <summary>Creates the backend a client uses for this workspace.</summary>
    /// <param name="options">The client's options.</param>
    internal abstract JobBackend CreateBackend(TrainingJobsClientOptions options);
}
