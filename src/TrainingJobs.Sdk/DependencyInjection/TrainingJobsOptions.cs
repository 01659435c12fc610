using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Sdk.DependencyInjection;

/// <summary>
/// The workspaces an application's <see cref="TrainingJobsClient"/>s run jobs in, as <c>AddTrainingJobs</c> registers
/// them: bound from the <c>TrainingJobs</c> configuration section (<c>Workspaces:&lt;name&gt;</c> sections and
/// <c>DefaultWorkspace</c>) and/or set in code, then validated when the host starts (<c>docs/dependency-injection.md</c>).
/// </summary>
public sealed class TrainingJobsOptions
{
    /// <summary>The configuration section the options are conventionally bound from: <c>TrainingJobs</c>.</summary>
    public const string SectionName = "TrainingJobs";

    /// <summary>
    /// The workspaces by name (compared ignoring case, as configuration keys are): each a local or an Azure ML workspace.
    /// A named client is <see cref="TrainingJobsClientFactory.CreateClient(string)"/>.
    /// </summary>
    public IDictionary<string, TrainingJobsWorkspaceOptions> Workspaces { get; } =
        new Dictionary<string, TrainingJobsWorkspaceOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The name of the workspace the registered <see cref="TrainingJobsClient"/> runs jobs in. May be left unset when
    /// exactly one workspace is configured.
    /// </summary>
    public string? DefaultWorkspace { get; set; }

    /// <summary>The configuration section these options were bound from (for naming keys in problems); null when set in code.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>The workspace the default client uses: <see cref="DefaultWorkspace"/>, else the only workspace.</summary>
    /// <exception cref="InvalidOperationException">Neither is there (what the options validation reports at start).</exception>
    internal string DefaultWorkspaceName() =>
        DefaultWorkspace is { Length: > 0 } name ? name
        : Workspaces.Count == 1 ? Workspaces.Keys.First()
        : throw new InvalidOperationException($"{Key(nameof(DefaultWorkspace))} is not set, and {Workspaces.Count} workspaces are configured: set it to the one TrainingJobsClient uses.");

    /// <summary>The configuration key of a setting below these options, e.g. <c>TrainingJobs:DefaultWorkspace</c>.</summary>
    internal string Key(string relative) => ConfigurationPath is { Length: > 0 } path ? $"{path}:{relative}" : relative;
}

/// <summary>
/// One named workspace of <see cref="TrainingJobsOptions.Workspaces"/>: its <see cref="Kind"/>, and the settings of
/// that kind (<see cref="Local"/> or <see cref="AzureML"/>). In configuration the settings sit beside <c>Kind</c>:
/// <c>Kind: Local</c> with <c>Home</c>, <c>MaxConcurrentJobs</c>, …; <c>Kind: AzureML</c> with <c>SubscriptionId</c>,
/// <c>ResourceGroupName</c>, <c>WorkspaceName</c>, <c>ArmEndpoint</c>, ….
/// </summary>
public sealed class TrainingJobsWorkspaceOptions
{
    /// <summary>Which kind of workspace this is; it says whether <see cref="Local"/> or <see cref="AzureML"/> applies.</summary>
    public TrainingJobsWorkspaceKind Kind { get; set; }

    /// <summary>
    /// The settings of a local workspace (<see cref="TrainingJobsWorkspaceKind.Local"/>). <see cref="LocalWorkspaceOptions.Home"/>
    /// is required here: a service's workspace folder is named, not taken from its account's home or environment.
    /// </summary>
    public LocalWorkspaceOptions Local { get; } = new();

    /// <summary>
    /// The settings of an Azure ML workspace (<see cref="TrainingJobsWorkspaceKind.AzureML"/>). Left unset,
    /// <see cref="AzureMLWorkspaceOptions.Credential"/> is a new <see cref="Azure.Identity.DefaultAzureCredential"/>;
    /// a credential is set in code, never read from configuration.
    /// </summary>
    public AzureMLWorkspaceOptions AzureML { get; } = new();

    /// <summary>Where these settings were read from (for naming keys in problems); null when set in code.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>What reading the configuration found wrong (an unknown kind, a value of the wrong type), by configuration key.</summary>
    internal List<(string Key, string Message)> ConfigurationProblems { get; } = [];

    /// <summary>Creates a client for this workspace.</summary>
    /// <param name="clientOptions">The client's options; null for the defaults.</param>
    /// <exception cref="InvalidOperationException">The kind is not set.</exception>
    /// <exception cref="ArgumentException">A setting is not valid.</exception>
    internal TrainingJobsClient CreateClient(TrainingJobsClientOptions? clientOptions) => Kind switch
    {
        TrainingJobsWorkspaceKind.Local => new TrainingJobsClient(new LocalTrainingJobsWorkspace(Local), clientOptions),
        TrainingJobsWorkspaceKind.AzureML => new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(AzureML), clientOptions),
        _ => throw new InvalidOperationException($"{ConfigurationPath ?? "The workspace"}: Kind is not set (Local or AzureML)."),
    };
}

/// <summary>The kinds of workspace <see cref="TrainingJobsWorkspaceOptions"/> describes.</summary>
public enum TrainingJobsWorkspaceKind
{
    /// <summary>The embedded local workspace: jobs run as processes on this machine (<see cref="LocalTrainingJobsWorkspace"/>).</summary>
    Local = 1,

    /// <summary>An Azure Machine Learning workspace, over ARM (<see cref="AzureMLTrainingJobsWorkspace"/>).</summary>
    AzureML = 2,
}
