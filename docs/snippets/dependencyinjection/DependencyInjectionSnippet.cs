using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.Evidence;

namespace TrainingJobs.Sdk.Docs.Snippets.DependencyInjection;

/// <summary>The registrations of docs/dependency-injection.md; compiled, and run by the test project.</summary>
public static class DependencyInjectionSnippet
{
    /// <summary>Starts a generic host from <paramref name="args"/> (configuration on the command line), runs a job, exports its evidence.</summary>
    public static async Task<(Job Job, EvidenceBundleResult Bundle)> RunAsync(string[] args, string bundleFolder)
    {
        #region Snippet:AddTrainingJobs
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddTrainingJobs(builder.Configuration.GetSection(TrainingJobsOptions.SectionName));
        using IHost host = builder.Build();
        await host.StartAsync(); // a bad TrainingJobs section fails here, naming every key that is wrong

        var client = host.Services.GetRequiredService<TrainingJobsClient>(); // the DefaultWorkspace
        var job = await client.SubmitAsync(new CommandJob { Command = "echo hello" });
        Job finished = await client.WaitForCompletionAsync(job.Name);
        EvidenceBundleResult bundle = await host.Services.GetRequiredService<EvidenceBundleWriter>().WriteAsync(finished.Name, bundleFolder);
        #endregion
        await host.StopAsync();
        return (finished, bundle);
    }

    /// <summary>The client and evidence writer of a named workspace.</summary>
    public static (TrainingJobsClient Client, EvidenceBundleWriter Evidence) Named(IServiceProvider services)
    {
        #region Snippet:NamedWorkspace
        var factory = services.GetRequiredService<TrainingJobsClientFactory>();
        TrainingJobsClient prod = factory.CreateClient("prod"); // one client per name, kept
        var evidence = new EvidenceBundleWriter(prod);
        #endregion
        return (prod, evidence);
    }

    /// <summary>Configuration plus a credential set in code.</summary>
    public static IServiceCollection WithCredential(IServiceCollection services, IConfiguration configuration)
    {
        #region Snippet:CredentialInCode
        services.AddTrainingJobs(configuration.GetSection("TrainingJobs"));
        // Runs after the section is bound: the workspace exists by then.
        services.AddTrainingJobs(o => o.Workspaces["prod"].AzureML.Credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
        #endregion
        return services;
    }

    /// <summary>The same workspaces through Microsoft.Extensions.Azure.</summary>
    public static IServiceCollection WithAzureClients(IServiceCollection services, IConfiguration configuration)
    {
        #region Snippet:AddAzureClients
        services.AddAzureClients(clients =>
        {
            clients.AddTrainingJobsClient(configuration.GetSection("TrainingJobs:Workspaces:dev")).WithName("dev");
            clients.AddTrainingJobsClient(configuration.GetSection("TrainingJobs:Workspaces:prod")).WithName("prod");
            clients.UseCredential(new DefaultAzureCredential());
        });
        // then: services.GetRequiredService<IAzureClientFactory<TrainingJobsClient>>().CreateClient("prod")
        #endregion
        return services;
    }
}
