using Microsoft.Extensions.Options;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Testing.DependencyInjection;

/// <summary>
/// The factory <c>AddTrainingJobsFake</c> registers: the one fake for every workspace name, so that a test scripts and
/// inspects a single client whichever workspace the code under test asks for.
/// </summary>
/// <remarks>
/// Where workspaces are configured (<c>AddTrainingJobs</c>), a name none of them has is refused as the real factory
/// refuses it, so that a misspelt name fails under test too; with none configured, every name is taken.
/// </remarks>
internal sealed class FakeTrainingJobsClientFactory(FakeTrainingJobsClient fake, IOptions<TrainingJobsOptions>? options = null) : TrainingJobsClientFactory
{
    public override TrainingJobsClient CreateClient(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (options?.Value.Workspaces is { Count: > 0 } workspaces && !workspaces.ContainsKey(name))
        {
            throw new InvalidOperationException($"No workspace named '{name}' is configured (configured: {string.Join(", ", workspaces.Keys)}).");
        }
        return fake;
    }
}
