using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Docs.Snippets.Testing;

/// <summary>The DI snippet of docs/testing.md; compiled and run by the test project.</summary>
public static class FakeInContainerSnippet
{
    /// <summary>
    /// An application's registrations (<paramref name="configuration"/>'s TrainingJobs section) with the fake in place
    /// of the real client: the job as the snippet ends it, the registered client and the named client it resolved.
    /// </summary>
    public static async Task<(Job Job, TrainingJobsClient Client, TrainingJobsClient Named, FakeTrainingJobsClient Fake)> RunAsync(IConfiguration configuration, CommandJob definition)
    {
        #region Snippet:AddTrainingJobsFake
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);                            // the fake's clock
        builder.Services.AddTrainingJobs(configuration.GetSection("TrainingJobs"));   // as the application registers them
        builder.Services.AddTrainingJobsFake(fake => fake.DefaultScript =            // one line: the fake in their place
            FakeJobScript.Completes().After(TimeSpan.FromMinutes(5)).Running().Log("epoch 1"));
        using IHost host = builder.Build();
        await host.StartAsync();                                                      // the configuration is still validated

        var client = host.Services.GetRequiredService<TrainingJobsClient>();         // the fake
        var named = host.Services.GetRequiredService<TrainingJobsClientFactory>().CreateClient("prod"); // the same fake
        var job = await client.SubmitAsync(definition);
        time.Advance(TimeSpan.FromMinutes(10));
        Job ended = await client.GetAsync(job.Name);                                  // Completed
        var fake = host.Services.GetRequiredService<FakeTrainingJobsClient>();        // for scripts and assertions
        #endregion
        await host.StopAsync();
        return (ended, client, named, fake);
    }
}
