using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local;

/// <summary>The embedded local workspace: jobs run as processes on this machine, kept in a workspace folder.</summary>
/// <example>
/// <code>
/// var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = "/tmp/ws" }));
/// </code>
/// </example>
public sealed class LocalTrainingJobsWorkspace : TrainingJobsWorkspace
{
    /// <summary>Describes the default local workspace (<c>$TRAININGJOBS_HOME</c> or <c>~/.trainingjobs</c>).</summary>
    public LocalTrainingJobsWorkspace()
        : this(new LocalWorkspaceOptions())
    {
    }

    /// <summary>Describes a local workspace.</summary>
    /// <param name="options">The workspace settings; read when a client is created from this description.</param>
    public LocalTrainingJobsWorkspace(LocalWorkspaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The workspace settings.</summary>
    public LocalWorkspaceOptions Options { get; }

    /// <inheritdoc />
    internal override JobBackend CreateBackend(TrainingJobsClientOptions options) => new LocalJobBackend(Options);
}
