using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TrainingJobs.Sdk.DependencyInjection;

/// <summary>
/// Reads <see cref="TrainingJobsOptions"/> from configuration: the one reader of a workspace section, used by
/// <c>AddTrainingJobs(IConfiguration)</c> and by <c>AddTrainingJobsClient</c> of <c>AddAzureClients</c>.
/// </summary>
/// <remarks>
/// A section's settings sit beside its <c>Kind</c>, so the section is bound onto the options of that kind only. What
/// cannot be read (an unknown kind, a number that is not one) is kept as a problem with its key rather than thrown,
/// so that the validation at start lists it together with every other problem.
/// </remarks>
internal static class WorkspaceConfiguration
{
    /// <summary>The key of a workspace's kind.</summary>
    public const string KindKey = "Kind";

    /// <summary>Binds <c>DefaultWorkspace</c> and every <c>Workspaces:&lt;name&gt;</c> section onto <paramref name="options"/>.</summary>
    public static void Bind(IConfiguration section, TrainingJobsOptions options)
    {
        options.ConfigurationPath ??= (section as IConfigurationSection)?.Path;
        if (section[nameof(TrainingJobsOptions.DefaultWorkspace)] is { } defaultWorkspace) options.DefaultWorkspace = defaultWorkspace;
        foreach (var child in section.GetSection(nameof(TrainingJobsOptions.Workspaces)).GetChildren())
        {
            if (!options.Workspaces.TryGetValue(child.Key, out var workspace)) options.Workspaces[child.Key] = workspace = new TrainingJobsWorkspaceOptions();
            BindWorkspace(child, workspace);
        }
    }

    /// <summary>Binds one workspace section (<c>Kind</c> and the settings of that kind) onto <paramref name="workspace"/>.</summary>
    public static void BindWorkspace(IConfiguration section, TrainingJobsWorkspaceOptions workspace)
    {
        var path = (section as IConfigurationSection)?.Path;
        workspace.ConfigurationPath ??= path;
        var kindKey = path is null ? KindKey : $"{path}:{KindKey}";
        if (section[KindKey] is { } kind)
        {
            // Enum.TryParse also takes digits; only the names are kinds.
            if (Enum.TryParse<TrainingJobsWorkspaceKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(kind.TrimStart()[0]))
            {
                workspace.Kind = parsed;
            }
            else
            {
                workspace.ConfigurationProblems.Add((kindKey, $"'{kind}' is not a workspace kind: {KindNames}."));
                return;
            }
        }
        try
        {
            switch (workspace.Kind)
            {
                case TrainingJobsWorkspaceKind.Local:
                    var local = new LocalSettings();
                    section.Bind(local);
                    local.ApplyTo(workspace.Local);
                    break;
                case TrainingJobsWorkspaceKind.AzureML:
                    var azure = new AzureMLSettings();
                    section.Bind(azure);
                    azure.ApplyTo(workspace.AzureML);
                    break;
                default:
                    return; // no kind: the validation says so
            }
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value ("Failed to convert configuration value at '…' to type …").
            workspace.ConfigurationProblems.Add((path ?? "", e.Message));
        }
    }

    // What configuration can set, as plain shapes: the configuration binder's source generator
    // (EnableConfigurationBindingGenerator) binds them without reflection, so trimming and NativeAOT keep working, and
    // the options' objects (TimeProvider, ILoggerFactory, TokenCredential, X509Certificate2) are never bound from text.
    // Null = not in the section: the options keep their value.
    internal sealed class LocalSettings
    {
        public string? Home { get; set; }
        public int? MaxConcurrentJobs { get; set; }
        public TimeSpan? CancelGracePeriod { get; set; }
        public TimeSpan? PollInterval { get; set; }
        public string? SupervisorPath { get; set; }

        public void ApplyTo(Local.LocalWorkspaceOptions options)
        {
            if (Home is not null) options.Home = Home;
            if (MaxConcurrentJobs is { } limit) options.MaxConcurrentJobs = limit;
            if (CancelGracePeriod is { } grace) options.CancelGracePeriod = grace;
            if (PollInterval is { } poll) options.PollInterval = poll;
            if (SupervisorPath is not null) options.SupervisorPath = SupervisorPath;
        }
    }

    internal sealed class AzureMLSettings
    {
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }
        public string? WorkspaceName { get; set; }
        public Uri? ArmEndpoint { get; set; }
        public Uri? BlobServiceUri { get; set; }

        public void ApplyTo(AzureML.AzureMLWorkspaceOptions options)
        {
            if (SubscriptionId is not null) options.SubscriptionId = SubscriptionId;
            if (ResourceGroupName is not null) options.ResourceGroupName = ResourceGroupName;
            if (WorkspaceName is not null) options.WorkspaceName = WorkspaceName;
            if (ArmEndpoint is not null) options.ArmEndpoint = ArmEndpoint;
            if (BlobServiceUri is not null) options.BlobServiceUri = BlobServiceUri;
        }
    }

    /// <summary>The kinds, as configuration spells them.</summary>
    public static string KindNames { get; } = string.Join(" or ", Enum.GetNames<TrainingJobsWorkspaceKind>());
}

/// <summary><c>AddTrainingJobs(IConfiguration)</c>'s binding, as an options configuration.</summary>
internal sealed class ConfigureTrainingJobsFromConfiguration(IConfiguration section) : IConfigureOptions<TrainingJobsOptions>
{
    public void Configure(TrainingJobsOptions options) => WorkspaceConfiguration.Bind(section, options);
}
