using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TrainingJobs.Sdk.DependencyInjection;

/// <summary>
/// The clients of the named workspaces <c>AddTrainingJobs</c> registered (<see cref="TrainingJobsOptions.Workspaces"/>),
/// in the manner of <c>IAzureClientFactory&lt;TClient&gt;</c>: one client per name, created on first use and kept.
/// Resolve it from the container; the registered <see cref="TrainingJobsClient"/> is the one of
/// <see cref="TrainingJobsOptions.DefaultWorkspace"/>.
/// </summary>
/// <remarks>
/// Abstract so that a test can put its own in the container in place of this one (as <c>TrainingJobs.Sdk.Testing</c>
/// does with its fake client).
/// </remarks>
public abstract class TrainingJobsClientFactory
{
    /// <summary>For subclasses.</summary>
    protected TrainingJobsClientFactory()
    {
    }

    /// <summary>The client of a named workspace: the same instance on every call with that name.</summary>
    /// <param name="name">The workspace name, a key of <see cref="TrainingJobsOptions.Workspaces"/> (case is ignored).</param>
    /// <exception cref="InvalidOperationException">No workspace has that name.</exception>
    public abstract TrainingJobsClient CreateClient(string name);
}

/// <summary>The factory <c>AddTrainingJobs</c> registers: clients made from <see cref="TrainingJobsOptions"/>.</summary>
internal sealed class ConfiguredTrainingJobsClientFactory(IOptions<TrainingJobsOptions> options) : TrainingJobsClientFactory
{
    // Clients are thread-safe and meant to be kept; Lazy makes two racing first calls share one.
    private readonly ConcurrentDictionary<string, Lazy<TrainingJobsClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

    public override TrainingJobsClient CreateClient(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var configured = options.Value;
        if (!configured.Workspaces.TryGetValue(name, out var workspace))
        {
            throw new InvalidOperationException(
                $"No workspace named '{name}' is configured under {configured.Key(nameof(TrainingJobsOptions.Workspaces))} (configured: {string.Join(", ", configured.Workspaces.Keys)}).");
        }
        return _clients.GetOrAdd(name, _ => new Lazy<TrainingJobsClient>(() => workspace.CreateClient(clientOptions: null))).Value;
    }
}
