using Microsoft.Extensions.DependencyInjection.Extensions;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Testing.DependencyInjection;
using TrainingJobs.Sdk.Testing.Fakes;

// Beside AddTrainingJobs, so that a test finds both without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts <see cref="FakeTrainingJobsClient"/> in a service collection in place of the real client.</summary>
public static class TrainingJobsFakeServiceCollectionExtensions
{
    /// <summary>
    /// Swaps the real client for a fake the container creates on its <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c>
    /// the test registered; else <see cref="TimeProvider.System"/>): <see cref="TrainingJobsClient"/>,
    /// <see cref="FakeTrainingJobsClient"/> (to script it and read its calls) and every client of
    /// <see cref="TrainingJobsClientFactory"/>, whatever the workspace name, resolve to that one fake. Works before or
    /// after <c>AddTrainingJobs</c>; the last <c>AddTrainingJobsFake</c> wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrainingJobsFake(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Register(services, Create);
    }

    /// <summary>
    /// Swaps the real client for <paramref name="fake"/>, as <see cref="AddTrainingJobsFake(IServiceCollection)"/> does
    /// for the fake it creates.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="fake">The fake, on the clock the test made it with.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrainingJobsFake(this IServiceCollection services, FakeTrainingJobsClient fake)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(fake);
        return Register(services, _ => fake);
    }

    /// <summary>
    /// Swaps the real client for a fake the container creates on its <see cref="TimeProvider"/> (else
    /// <see cref="TimeProvider.System"/>) and <paramref name="configure"/> scripts when it is first resolved; otherwise as
    /// <see cref="AddTrainingJobsFake(IServiceCollection)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Scripts the fake (<see cref="FakeTrainingJobsClient.Script(string, FakeJobScript)"/>, <see cref="FakeTrainingJobsClient.DefaultScript"/>).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrainingJobsFake(this IServiceCollection services, Action<FakeTrainingJobsClient> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, provider =>
        {
            var fake = Create(provider);
            configure(fake);
            return fake;
        });
    }

    private static FakeTrainingJobsClient Create(IServiceProvider provider) =>
        new(provider.GetService<TimeProvider>() ?? TimeProvider.System);

    // Replaces rather than adds: AddTrainingJobs registers with TryAdd, so a fake registered first is kept by it, and
    // one registered after takes the place of its registrations.
    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, FakeTrainingJobsClient> create)
    {
        services.RemoveAll<FakeTrainingJobsClient>();
        services.RemoveAll<TrainingJobsClient>();
        services.RemoveAll<TrainingJobsClientFactory>();
        services.AddSingleton(create);
        services.AddSingleton<TrainingJobsClient>(provider => provider.GetRequiredService<FakeTrainingJobsClient>());
        services.AddSingleton<TrainingJobsClientFactory, FakeTrainingJobsClientFactory>();
        return services;
    }
}
