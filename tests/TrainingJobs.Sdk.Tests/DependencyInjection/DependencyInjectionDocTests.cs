using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.DependencyInjection;

/// <summary>Runs the snippets of docs/dependency-injection.md.</summary>
[TestFixture]
public sealed class DependencyInjectionDocTests
{
    private static IConfiguration Configuration(string home) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["TrainingJobs:DefaultWorkspace"] = "dev",
        ["TrainingJobs:Workspaces:dev:Kind"] = "Local",
        ["TrainingJobs:Workspaces:dev:Home"] = home,
        ["TrainingJobs:Workspaces:prod:Kind"] = "AzureML",
        ["TrainingJobs:Workspaces:prod:SubscriptionId"] = "00000000-0000-0000-0000-000000000001",
        ["TrainingJobs:Workspaces:prod:ResourceGroupName"] = "rg",
        ["TrainingJobs:Workspaces:prod:WorkspaceName"] = "ws-1",
    }).Build();

    [Test]
    public async Task The_host_snippet_runs_a_job_from_command_line_configuration_and_exports_its_bundle()
    {
        await using var ws = new TempWorkspace();

        var (job, bundle) = await DependencyInjectionSnippet.RunAsync(
            ["--TrainingJobs:Workspaces:dev:Kind=Local", $"--TrainingJobs:Workspaces:dev:Home={ws.Options.Home}"], Path.Combine(ws.Work, "bundle"));

        job.Status.Should().Be(JobStatus.Completed);
        bundle.Jobs.Should().Equal(job.Name);
        (await ws.Client.GetAsync(job.Name)).Status.Should().Be(JobStatus.Completed, "the job ran in the configured workspace");
    }

    [Test]
    public void The_named_credential_and_AddAzureClients_snippets_give_the_configured_Azure_workspace()
    {
        var configuration = Configuration("/tmp/tj-unused-home");
        using var registered = DependencyInjectionSnippet.WithCredential(new ServiceCollection(), configuration).BuildServiceProvider();
        using var azureClients = DependencyInjectionSnippet.WithAzureClients(new ServiceCollection().AddLogging(), configuration).BuildServiceProvider();

        var (prod, evidence) = DependencyInjectionSnippet.Named(registered);
        var viaAzureClients = azureClients.GetRequiredService<IAzureClientFactory<TrainingJobsClient>>().CreateClient("prod");

        prod.Workspace.Should().BeOfType<AzureMLTrainingJobsWorkspace>().Which.Options.Credential.Should().BeOfType<ManagedIdentityCredential>();
        evidence.Should().NotBeNull();
        viaAzureClients.Workspace.Should().BeOfType<AzureMLTrainingJobsWorkspace>().Which.Options.Should()
            .Match<AzureMLWorkspaceOptions>(o => o.WorkspaceName == "ws-1" && o.Credential is DefaultAzureCredential);
        azureClients.GetRequiredService<IAzureClientFactory<TrainingJobsClient>>().CreateClient("dev").IsLocal.Should().BeTrue();
    }
}
