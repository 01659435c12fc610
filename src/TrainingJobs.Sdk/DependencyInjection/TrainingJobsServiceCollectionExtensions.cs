using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Lineage.Evidence;

// In this namespace, as Microsoft's and Azure's libraries put their Add… methods, so that they are found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="TrainingJobsClient"/> and its services in a service collection.</summary>
public static class TrainingJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workspaces of a configuration section (usually <c>TrainingJobs</c>, see
    /// <see cref="TrainingJobsOptions.SectionName"/>): <see cref="TrainingJobsClient"/> (the default workspace),
    /// <see cref="TrainingJobsClientFactory"/> (named workspaces) and <see cref="EvidenceBundleWriter"/>. The options
    /// are validated when the host starts; every problem is reported with its configuration key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section with <c>Workspaces:&lt;name&gt;</c> sections and <c>DefaultWorkspace</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IConfigureOptions<TrainingJobsOptions>>(new ConfigureTrainingJobsFromConfiguration(configuration));
        return AddCore(services);
    }

    /// <summary>
    /// Registers the workspaces set in code: <see cref="TrainingJobsClient"/> (the default workspace),
    /// <see cref="TrainingJobsClientFactory"/> (named workspaces) and <see cref="EvidenceBundleWriter"/>. May follow
    /// <see cref="AddTrainingJobs(IServiceCollection, IConfiguration)"/> to add to what configuration says (a credential,
    /// say); the options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services, Action<TrainingJobsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddCore(services);
    }

    // Idempotent (TryAdd…), and each service is one replaceable registration: a test swaps the client and the factory.
    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<TrainingJobsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TrainingJobsOptions>, ContainerServices>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrainingJobsOptions>, TrainingJobsOptionsValidator>());
        services.TryAddSingleton<TrainingJobsClientFactory, ConfiguredTrainingJobsClientFactory>();
        services.TryAddSingleton(provider => provider.GetRequiredService<TrainingJobsClientFactory>()
            .CreateClient(provider.GetRequiredService<IOptions<TrainingJobsOptions>>().Value.DefaultWorkspaceName()));
        services.TryAddSingleton(provider => new EvidenceBundleWriter(
            provider.GetRequiredService<TrainingJobsClient>(), provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
