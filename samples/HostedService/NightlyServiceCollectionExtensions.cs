using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TrainingJobs.Samples.HostedService;

/// <summary>Registers the nightly job: what Program does, and what the service's tests do with the fake client.</summary>
public static class NightlyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NightlyTrainingService"/> as a hosted service (and as itself, for its <see cref="NightlyTrainingService.LastRun"/>),
    /// its options bound from <paramref name="section"/> and checked at start, and <see cref="TimeProvider.System"/>
    /// unless a <see cref="TimeProvider"/> is registered. The <see cref="TrainingJobs.Sdk.TrainingJobsClient"/> is <c>AddTrainingJobs</c>'.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The <c>Nightly</c> section.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddNightlyTraining(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<NightlyOptions>()
            .Bind(section)
            .Validate(o => o.Budget > TimeSpan.Zero, $"{NightlyOptions.SectionName}:{nameof(NightlyOptions.Budget)} must be a positive time (hh:mm:ss).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Command), $"{NightlyOptions.SectionName}:{nameof(NightlyOptions.Command)} is required.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NightlyTrainingService>();
        services.AddHostedService(provider => provider.GetRequiredService<NightlyTrainingService>());
        return services;
    }
}
